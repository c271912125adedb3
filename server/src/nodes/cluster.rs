//! `Nodes`: this node's name, the peers it passes `/node/<name>/…` to, one HTTP client (with
//! its connection pool) to reach them, and which are stopped.

use std::fmt;
use std::sync::Arc;

use app::api::nodes::NodeList;

use super::balancer::Balancer;
use super::outage::{Outage, Stopped};
use crate::base::peer::{NodeName, Peer};
use crate::kit::http_client::{self, HttpClient};

#[derive(Clone)]
pub struct Nodes {
    inner: Arc<Inner>,
}

struct Inner {
    this: NodeName,
    peers: Vec<Peer>,
    client: HttpClient,
    balancer: Balancer,
    /// This node's listener switch.
    outage: Outage,
    /// The peers this node stopped from the page.
    stopped: Stopped,
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
        Self {
            inner: Arc::new(Inner {
                this,
                peers,
                client: http_client::client(),
                balancer: Balancer::default(),
                outage: Outage::default(),
                stopped: Stopped::default(),
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

    pub(super) fn client(&self) -> &HttpClient {
        &self.inner.client
    }

    /// This node's listener switch (the serve loop watches it).
    pub fn outage(&self) -> &Outage {
        &self.inner.outage
    }

    /// The peers this node stopped.
    pub fn stopped(&self) -> &Stopped {
        &self.inner.stopped
    }

    /// What `GET /api/nodes` answers: the nodes, the front door's mode, the stopped peers.
    pub fn view(&self) -> NodeList {
        NodeList {
            node: self.this().as_str().to_owned(),
            peers: self.peer_names(),
            balancer: self.balancer().mode().name().to_owned(),
            stopped: self.stopped().names(),
        }
    }

    /// This node and the peers it did not stop: where the front door may send a request.
    pub fn running_names(&self) -> Vec<String> {
        self.all_names()
            .into_iter()
            .filter(|name| !self.inner.stopped.contains(name))
            .collect()
    }
}
