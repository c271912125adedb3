//! The `Host` check, in every mode: a request must name one of this server's own names — the
//! loopback names, the address it was told to listen on, and the names given with
//! `--allow-host` (a LAN name or address). A page on another domain whose name resolves to this
//! machine (DNS rebinding) reaches the server with its own name in `Host`, and is refused before
//! any route runs: it cannot drive the lab or the API, nor read the page.
//!
//! A request with no `Host` at all (HTTP/1.0, a test driving the router directly) names no
//! foreign site and passes; every browser sends one.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::api::ErrorBody;

/// The names every server answers to.
const LOOPBACK: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// This server's own names (lower case, without ports).
#[derive(Clone, Debug)]
pub struct Hosts(Arc<Vec<String>>);

impl Default for Hosts {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl Hosts {
    /// The loopback names and `extra` (the listen address, `--allow-host` names).
    pub fn new(extra: &[String]) -> Self {
        let mut names: Vec<String> = LOOPBACK.iter().map(|name| (*name).to_owned()).collect();
        for name in extra {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        Self(Arc::new(names))
    }

    /// The names, for messages and the README.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// Is `host` (a `Host` header: a name or address, maybe with a port) one of ours?
    pub fn allows(&self, host: &str) -> bool {
        let name = strip_port(host.trim()).to_ascii_lowercase();
        self.0.contains(&name)
    }
}

/// `example.com` from `example.com:3000`, `[::1]` from `[::1]:3000`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Refuses a request whose `Host` is not one of this server's names: `421 Misdirected Request`.
pub async fn check_host(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    let foreign = request
        .headers()
        .get(header::HOST)
        .map(|value| {
            value
                .to_str()
                .map(|host| !hosts.allows(host))
                .unwrap_or(true)
        })
        .unwrap_or(false);
    if foreign {
        let shown = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("(not text)")
            .chars()
            .take(100)
            .collect::<String>();
        tracing::warn!(host = %shown, "refused a request for another host name");
        let body = ErrorBody {
            error: format!(
                "Host {shown:?} is not one of this server's names ({}): a page on another domain that resolves here is refused (DNS rebinding); start the server with --allow-host <name> to serve another name",
                hosts.names().join(", ")
            ),
        };
        return (StatusCode::MISDIRECTED_REQUEST, Json(body)).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_names_with_any_port_pass_and_others_do_not() {
        let hosts = Hosts::new(&["Lab.Local".to_owned(), "192.168.1.20".to_owned()]);
        for ok in [
            "127.0.0.1:3000",
            "localhost",
            "LOCALHOST:3001",
            "[::1]:3000",
            "lab.local:3000",
            "192.168.1.20",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "localhost.evil.example:3000",
            "[::2]:3000",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        assert_eq!(Hosts::default().names().len(), 3);
    }
}
