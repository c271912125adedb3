//! What the lab's other sites (the evil site, the partner app) share: the port of the app they
//! point back to, and the app's origin as a page on another port of the same host sees it.

use std::sync::Arc;

use app::api::sites::other_name;
use axum::http::{header, HeaderMap};

/// Where a lab site's page finds the app: over loopback http on the app's port, or (workshop
/// mode) over https on the workshop port by any of this machine's names.
#[derive(Clone, Debug)]
pub enum AppAt {
    Plain(u16),
    Secure { port: u16, names: Arc<[String]> },
}

/// The host name a request was sent to, without the port.
fn host_name(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some(match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => name,
        _ => host,
    })
}

impl AppAt {
    /// The app's origin on the page's own host name: another origin of the same *site* (its
    /// cookies go along on a credentialed request).
    pub fn same_site(&self, headers: &HeaderMap) -> String {
        match self {
            AppAt::Plain(port) => {
                let host = host_name(headers)
                    .filter(|name| name.eq_ignore_ascii_case("localhost"))
                    .unwrap_or("127.0.0.1");
                format!("http://{host}:{port}")
            }
            AppAt::Secure { port, names } => {
                format!("https://{}:{port}", self.known(headers, names))
            }
        }
    }

    /// The app's origin on another host name of this machine: another *site*. (With a single
    /// name on the LAN there is none: the same name, and the page says so.)
    pub fn other_site(&self, headers: &HeaderMap) -> String {
        match self {
            AppAt::Plain(port) => {
                let here = host_name(headers).unwrap_or("localhost");
                let other = if here.eq_ignore_ascii_case("localhost") {
                    "127.0.0.1"
                } else {
                    "localhost"
                };
                format!("http://{other}:{port}")
            }
            AppAt::Secure { port, names } => {
                let here = self.known(headers, names);
                let other = other_name(here, names).unwrap_or(here);
                format!("https://{other}:{port}")
            }
        }
    }

    /// The request's host name when it is one of `names`, else the first of them.
    fn known<'a>(&self, headers: &'a HeaderMap, names: &'a [String]) -> &'a str {
        host_name(headers)
            .filter(|name| names.iter().any(|known| known == name))
            .or_else(|| names.first().map(String::as_str))
            .unwrap_or("localhost")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(name: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, name.parse().unwrap());
        headers
    }

    #[test]
    fn the_app_is_reached_by_the_pages_own_host_name_or_another() {
        let plain = AppAt::Plain(3000);
        assert_eq!(
            plain.same_site(&host("localhost:4000")),
            "http://localhost:3000"
        );
        assert_eq!(
            plain.same_site(&host("127.0.0.1:4000")),
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            plain.same_site(&host("evil.test:4000")),
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            plain.other_site(&host("localhost:3010")),
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            plain.other_site(&host("127.0.0.1:3010")),
            "http://localhost:3000"
        );
        assert_eq!(plain.other_site(&HeaderMap::new()), "http://127.0.0.1:3000");

        let names: Arc<[String]> = ["localhost", "127.0.0.1", "192.168.1.20", "authlab.lan"]
            .map(String::from)
            .into();
        let secure = AppAt::Secure { port: 3443, names };
        assert_eq!(
            secure.same_site(&host("192.168.1.20:3445")),
            "https://192.168.1.20:3443"
        );
        assert_eq!(
            secure.other_site(&host("192.168.1.20:3444")),
            "https://authlab.lan:3443"
        );
        assert_eq!(
            secure.other_site(&host("authlab.lan:3444")),
            "https://192.168.1.20:3443"
        );
        assert_eq!(
            secure.other_site(&host("localhost:3444")),
            "https://127.0.0.1:3443"
        );
        assert_eq!(
            secure.same_site(&host("evil.test:3444")),
            "https://localhost:3443"
        );
    }
}
