//! Several nodes: this node's peers (`--peer b=http://127.0.0.1:3001`), and the front door
//! that passes `/node/<name>/…` to the node of that name — what a load balancer does, so the
//! page can send its next request to node a or node b and show what each knows — or spreads
//! the schemes' requests itself, round-robin or sticky (`balancer.rs`).

pub mod balancer;
mod cluster;
pub mod control;
mod list;
pub mod outage;
mod proxy;

pub use crate::base::peer::{NodeName, Peer};
pub use cluster::Nodes;
pub use list::routes;
pub use proxy::front_door;
