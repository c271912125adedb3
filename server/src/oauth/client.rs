//! The one registered client: the lab's partner app, a public client (a page, no secret) on
//! its own loopback port. Its redirect URI is matched exactly, as OAuth 2.1 requires.

/// The partner app's client id.
pub const CLIENT_ID: &str = "partner";

/// Its name, as the consent page shows it.
pub const CLIENT_NAME: &str = "CoinTracker (the lab's partner app)";

/// What it may ask for, and what each scope lets it do.
pub const SCOPES: [(&str, &str); 2] = [
    (
        "profile:read",
        "read who you are and your role (GET /api/jwt/me)",
    ),
    ("coins:send", "send your lab coins (POST /api/jwt/transfer)"),
];

use app::api::sites::SecureSites;

use crate::lab::partner::origins;

/// Is `redirect_uri` one the partner registered (its `/callback`, by either loopback name, or
/// over https by any name of this machine in workshop mode)?
pub fn redirect_allowed(port: u16, secure: Option<&SecureSites>, redirect_uri: &str) -> bool {
    origins(port, secure)
        .iter()
        .any(|origin| redirect_uri == format!("{origin}/callback"))
}

/// The requested scopes, each one the client may ask for, in the offered order; `Err` names an
/// unknown one. An empty request asks for nothing and is refused too.
pub fn requested(scope: &str) -> Result<Vec<&'static str>, String> {
    let words: Vec<&str> = scope.split(' ').filter(|w| !w.is_empty()).collect();
    if let Some(unknown) = words.iter().find(|w| !SCOPES.iter().any(|(s, _)| s == *w)) {
        return Err(format!("unknown scope {unknown:?}"));
    }
    let picked: Vec<&'static str> = SCOPES
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| words.contains(s))
        .collect();
    if picked.is_empty() {
        return Err("no scope requested".to_owned());
    }
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_match_exactly_and_scopes_must_be_known() {
        assert!(redirect_allowed(
            4000,
            None,
            "http://127.0.0.1:4000/callback"
        ));
        assert!(redirect_allowed(
            4000,
            None,
            "http://localhost:4000/callback"
        ));
        assert!(!redirect_allowed(
            4000,
            None,
            "http://localhost:4000/callback/"
        ));
        assert!(!redirect_allowed(
            4000,
            None,
            "http://localhost:4001/callback"
        ));
        assert!(!redirect_allowed(4000, None, "http://evil.test/callback"));
        assert_eq!(
            requested("coins:send profile:read").unwrap(),
            vec!["profile:read", "coins:send"]
        );
        assert!(requested("admin:all").is_err());
        assert!(requested(" ").is_err());
    }
}
