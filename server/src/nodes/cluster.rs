//! `Nodes`: this node's name, the peers it passes `/node/<name>/…` to, and one HTTP client
//! (with its connection pool) to reach them.

use std::fmt;
use std::sync::Arc;

use super::balancer::Balancer;
use crate::base::peer::{NodeName, Peer};

type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    axum::body::Body,
>;

#[derive(Clone)]
pub struct Nodes {
    inner: Arc<Inner>,
}

struct Inner {
    this: NodeName,
    peers: Vec<Peer>,
    client: Client,
    balancer: Balancer,
}

impl fmt::Debug for Nodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Nodes")
            .field("this", &self.inner.this)
            .field("peers", &self.inner.peers)
            .finish()
    }
}

impl Nodes {
    pub fn new(this: NodeName, peers: Vec<Peer>) -> Self {
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        Self {
            inner: Arc::new(Inner {
                this,
                peers,
                client,
                balancer: Balancer::default(),
            }),
        }
    }

    /// This node's name.
    pub fn this(&self) -> &NodeName {
        &self.inner.this
    }

    pub fn find(&self, name: &str) -> Option<&Peer> {
        self.inner
            .peers
            .iter()
            .find(|peer| peer.name.as_str() == name)
    }

    pub fn peer_names(&self) -> Vec<String> {
        self.inner
            .peers
            .iter()
            .map(|peer| peer.name.as_str().to_owned())
            .collect()
    }

    /// The front door's balancing mode and turn.
    pub fn balancer(&self) -> &Balancer {
        &self.inner.balancer
    }

    /// This node's name, then its peers'.
    pub fn all_names(&self) -> Vec<String> {
        std::iter::once(self.this().to_string())
            .chain(self.peer_names())
            .collect()
    }

    pub(super) fn client(&self) -> &Client {
        &self.inner.client
    }
}
