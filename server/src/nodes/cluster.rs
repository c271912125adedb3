//! `Nodes`: this node's name, the peers it passes `/node/<name>/…` to, and one HTTP client
//! (with its connection pool) to reach them.

use std::fmt;
use std::sync::Arc;

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

    pub(super) fn client(&self) -> &Client {
        &self.inner.client
    }
}
