//! Small mechanisms used everywhere, each tested once: handles and microseconds, HTML escaping, a bounded log,
//! the recorded checks, the lab clock, handing freed memory back, the stop signal, a client for calls between services, whose lab a request runs in.

pub mod bounded;
pub mod checks;
pub mod clock;
pub mod handles;
pub mod html;
pub mod http_client;
pub mod memory;
pub mod shutdown;
pub mod visit;
