//! Start-up, the top of the stack: the command line and environment read and validated once,
//! logging, the allocator's tuning, and serving (which builds the state and the router).

pub mod config;
pub mod serve;
pub mod telemetry;
pub mod tls;
pub mod workshop;
