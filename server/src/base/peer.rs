//! A node's name and another node's address: `--node-name b`, `--peer b=http://127.0.0.1:3001`.

use std::fmt;
use std::str::FromStr;

/// The name of this server process among several (`a`, `b`, …): in every API answer
/// (`x-authlab-node`) and every trace entry, so a learner sees which node answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeName(String);

impl NodeName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Default for NodeName {
    fn default() -> Self {
        Self("a".to_owned())
    }
}

impl FromStr for NodeName {
    type Err = String;

    /// 1–16 characters of a–z, 0–9 and `-`: it goes into a header and onto the page.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fits = (1..=16).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if fits {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!(
                "node name {text:?}: use 1-16 characters of a-z, 0-9 and -"
            ))
        }
    }
}

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
