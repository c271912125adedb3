//! The nodes the page can send its requests to, and which one each column uses now.

use serde::{Deserialize, Serialize};

/// `GET /api/nodes`: the node that served the page and its peers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeList {
    pub node: String,
    pub peers: Vec<String>,
}
