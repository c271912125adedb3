//! The lab's other sites (the CSRF lab's evil site, the partner app) as a page reaches them:
//! over loopback http, or in workshop mode over https by one of this machine's names. The page
//! and the server share the rule that picks "another name" (another *site*).

use serde::{Deserialize, Serialize};

use super::lab::LabView;

/// Workshop mode's https ports of the evil site and the partner app, and this machine's names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SecureSites {
    pub evil_port: u16,
    pub partner_port: u16,
    pub names: Vec<String>,
}

/// One of the lab's other sites, as a page reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The evil site on another host name: another *site*.
    Evil,
    /// The evil site on the page's own host name: another origin of the same site (CORS).
    EvilSameSite,
    /// The partner app, on the page's own host name and its own port.
    Partner,
}

fn loopback(name: &str) -> bool {
    matches!(name, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

/// Another name of this machine than `here`, to make another site: the other loopback name for
/// a loopback page, else the first other non-loopback name (`None`: the machine has one name
/// on the LAN; a second comes with `--allow-host`).
pub fn other_name<'a>(here: &str, names: &'a [String]) -> Option<&'a str> {
    if loopback(here) {
        let other = if here == "localhost" {
            "127.0.0.1"
        } else {
            "localhost"
        };
        return names.iter().map(String::as_str).find(|name| *name == other);
    }
    names
        .iter()
        .map(String::as_str)
        .find(|name| !loopback(name) && *name != here)
}

impl LabView {
    /// The origin of `site` for a page at `here` (its host name), over https or not.
    pub fn site_origin(&self, site: Site, https: bool, here: &str) -> Option<String> {
        let loopback_names = ["localhost".to_owned(), "127.0.0.1".to_owned()];
        let (scheme, evil, partner, names) = match (&self.secure, https) {
            (Some(secure), true) => (
                "https",
                Some(secure.evil_port),
                Some(secure.partner_port),
                secure.names.as_slice(),
            ),
            (None, true) => return None,
            (_, false) => (
                "http",
                self.evil_port,
                self.partner_port,
                &loopback_names[..],
            ),
        };
        let (host, port) = match site {
            Site::Evil => (other_name(here, names)?, evil?),
            Site::EvilSameSite => (here, evil?),
            Site::Partner => (here, partner?),
        };
        Some(format!("{scheme}://{host}:{port}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::lab::LabView;

    fn view(secure: Option<SecureSites>) -> LabView {
        LabView {
            clock_offset_seconds: 0,
            server_now: 0,
            weakened: Vec::new(),
            samesite_none: false,
            origin_check: true,
            evil_port: Some(3010),
            transfers: Vec::new(),
            partner_port: Some(3020),
            cors: Vec::new(),
            fixes: Vec::new(),
            orders_url: None,
            signing_alg: "HS256".into(),
            secure,
        }
    }

    #[test]
    fn the_other_sites_over_http_and_https() {
        let plain = view(None);
        let at = |v: &LabView, site, https, here| v.site_origin(site, https, here);
        assert_eq!(
            at(&plain, Site::Evil, false, "localhost").as_deref(),
            Some("http://127.0.0.1:3010")
        );
        assert_eq!(
            at(&plain, Site::Evil, false, "127.0.0.1").as_deref(),
            Some("http://localhost:3010")
        );
        assert_eq!(
            at(&plain, Site::EvilSameSite, false, "localhost").as_deref(),
            Some("http://localhost:3010")
        );
        assert_eq!(
            at(&plain, Site::Partner, false, "127.0.0.1").as_deref(),
            Some("http://127.0.0.1:3020")
        );
        assert_eq!(
            at(&plain, Site::Evil, true, "localhost"),
            None,
            "no https sites"
        );

        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let secure = view(Some(SecureSites {
            evil_port: 3444,
            partner_port: 3445,
            names: names(&["localhost", "127.0.0.1", "192.168.1.20", "authlab.lan"]),
        }));
        assert_eq!(
            at(&secure, Site::Evil, true, "192.168.1.20").as_deref(),
            Some("https://authlab.lan:3444")
        );
        assert_eq!(
            at(&secure, Site::Evil, true, "authlab.lan").as_deref(),
            Some("https://192.168.1.20:3444")
        );
        assert_eq!(
            at(&secure, Site::Evil, true, "localhost").as_deref(),
            Some("https://127.0.0.1:3444")
        );
        assert_eq!(
            at(&secure, Site::Partner, true, "192.168.1.20").as_deref(),
            Some("https://192.168.1.20:3445")
        );
        assert_eq!(
            at(&secure, Site::Evil, false, "localhost").as_deref(),
            Some("http://127.0.0.1:3010")
        );
        // One name on the LAN: no other site to be had.
        let lone = view(Some(SecureSites {
            evil_port: 3444,
            partner_port: 3445,
            names: names(&["localhost", "127.0.0.1", "192.168.1.20"]),
        }));
        assert_eq!(at(&lone, Site::Evil, true, "192.168.1.20"), None);
        assert_eq!(
            at(&lone, Site::EvilSameSite, true, "192.168.1.20").as_deref(),
            Some("https://192.168.1.20:3444")
        );
    }
}
