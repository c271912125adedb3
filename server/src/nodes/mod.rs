//! Several nodes: this node's peers (`--peer b=http://127.0.0.1:3001`), and the front door
//! that passes `/node/<name>/…` to the node of that name — what a load balancer does, so the
//! page can send its next request to node a or node b and show what each knows.

mod proxy;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use app::api::nodes::NodeList;
use axum::extract::State;
use axum::Json;

pub use proxy::front_door;

use crate::settings::NodeName;

/// Another node, by name and base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    pub name: NodeName,
    /// `http://host:port`, without a path.
    pub base: String,
}

impl FromStr for Peer {
    type Err = String;

    /// `b=http://127.0.0.1:3001`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, url) = text
            .split_once('=')
            .ok_or_else(|| format!("peer {text:?} is not name=http://host:port"))?;
        let name: NodeName = name.parse()?;
        let uri: axum::http::Uri = url
            .parse()
            .map_err(|_| format!("peer {name}: {url:?} is not a URL"))?;
        let plain_http = uri.scheme_str() == Some("http")
            && uri.authority().is_some()
            && matches!(uri.path(), "" | "/")
            && uri.query().is_none();
        if !plain_http {
            return Err(format!(
                "peer {name}: {url:?} must be http://host:port (no path; the nodes talk on a private network)"
            ));
        }
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        Ok(Peer {
            name,
            base: format!("http://{authority}"),
        })
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.base)
    }
}

type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    axum::body::Body,
>;

/// The peers and one HTTP client (with its connection pool) to reach them.
#[derive(Clone)]
pub struct Peers {
    inner: Arc<PeersInner>,
}

struct PeersInner {
    list: Vec<Peer>,
    client: Client,
}

impl fmt::Debug for Peers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.inner.list).finish()
    }
}

impl Default for Peers {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Peers {
    pub fn new(list: Vec<Peer>) -> Self {
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        Self {
            inner: Arc::new(PeersInner { list, client }),
        }
    }

    pub fn find(&self, name: &str) -> Option<&Peer> {
        self.inner
            .list
            .iter()
            .find(|peer| peer.name.as_str() == name)
    }

    pub fn names(&self) -> Vec<String> {
        self.inner
            .list
            .iter()
            .map(|peer| peer.name.as_str().to_owned())
            .collect()
    }

    fn client(&self) -> &Client {
        &self.inner.client
    }
}

/// `GET /api/nodes`: this node and the ones the page may send requests to.
pub async fn list(State(state): State<crate::AppState>) -> Json<NodeList> {
    Json(NodeList {
        node: state.node.as_str().to_owned(),
        peers: state.peers.names(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peer_is_a_name_and_a_plain_http_base() {
        let peer: Peer = "b=http://127.0.0.1:3001".parse().unwrap();
        assert_eq!(peer.name.as_str(), "b");
        assert_eq!(peer.base, "http://127.0.0.1:3001");
        assert_eq!(peer.to_string(), "b=http://127.0.0.1:3001");
        for bad in [
            "b",
            "B=http://127.0.0.1:3001",
            "b=127.0.0.1:3001",
            "b=https://example.org",
            "b=http://127.0.0.1:3001/api",
            "b=http://127.0.0.1:3001/?x=1",
        ] {
            assert!(bad.parse::<Peer>().is_err(), "{bad} should be refused");
        }
    }
}
