//! What the lab's other sites (the evil site, the partner app) share: the port of the app they
//! point back to, and the app's origin as a page on another port of the same host sees it.

use axum::http::{header, HeaderMap};

/// The port the authlab page itself listens on.
#[derive(Clone, Copy, Debug)]
pub struct AppPort(pub u16);

/// authlab's origin as a lab page on another port sees it: the same host name (so the same
/// *site*: its cookies go along on a credentialed request), the app's port.
pub fn same_site_target(headers: &HeaderMap, app_port: u16) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.rsplit_once(':').map(|(name, _)| name))
        .filter(|name| name.eq_ignore_ascii_case("localhost"))
        .unwrap_or("127.0.0.1");
    format!("http://{host}:{app_port}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_is_reached_by_the_pages_own_host_name() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "localhost:4000".parse().unwrap());
        assert_eq!(same_site_target(&headers, 3000), "http://localhost:3000");
        headers.insert(header::HOST, "127.0.0.1:4000".parse().unwrap());
        assert_eq!(same_site_target(&headers, 3000), "http://127.0.0.1:3000");
        headers.insert(header::HOST, "evil.test:4000".parse().unwrap());
        assert_eq!(same_site_target(&headers, 3000), "http://127.0.0.1:3000");
    }
}
