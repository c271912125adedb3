//! The Host check, in every mode: a request naming another host (a page on another domain
//! that resolves to this machine — DNS rebinding) is refused on every route before anything
//! runs; the loopback names, the listen address and `--allow-host` names pass.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::TestApp;
use server::base::settings::Settings;

/// One route of each kind: the page, static files, each domain's API, the front door, the
/// key set, state changes.
const ROUTES: [(&str, &str); 12] = [
    ("GET", "/"),
    ("GET", "/pkg/authlab.js"),
    ("GET", "/api/health"),
    ("GET", "/api/session/me"),
    ("POST", "/api/session/login"),
    ("GET", "/api/jwt/me"),
    ("POST", "/api/lab/reset"),
    ("GET", "/api/trace"),
    ("GET", "/api/nodes"),
    ("GET", "/node/a/api/health"),
    ("GET", "/.well-known/jwks.json"),
    ("POST", "/api/introspect"),
];

fn request(method: &str, path: &str, host: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap()
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_every_route_and_our_names_pass() {
    let app = TestApp::new().await;
    for (method, path) in ROUTES {
        for foreign in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example:3000",
        ] {
            let answer = app.send(request(method, path, foreign)).await;
            assert_eq!(
                answer.status(),
                StatusCode::MISDIRECTED_REQUEST,
                "{method} {path} {foreign}"
            );
            let body = common::body_json(answer).await;
            assert!(
                body["error"].as_str().unwrap().contains("DNS rebinding"),
                "{body}"
            );
        }
        for own in [
            "127.0.0.1:3000",
            "localhost:3000",
            "[::1]:3000",
            "LOCALHOST",
        ] {
            let answer = app.send(request(method, path, own)).await;
            assert_ne!(
                answer.status(),
                StatusCode::MISDIRECTED_REQUEST,
                "{method} {path} {own}"
            );
        }
    }
    // The refused request never reached the lab: nothing was traced for it.
    let trace = common::body_json(
        app.send(request("GET", "/api/trace", "127.0.0.1:3000"))
            .await,
    )
    .await;
    assert!(!trace.to_string().contains("evil.example"), "{trace}");
}

#[tokio::test]
async fn a_configured_lan_name_passes() {
    let app = TestApp::with_settings(Settings {
        hosts: vec!["authlab.lan".to_owned(), "192.168.1.20".to_owned()],
        ..Settings::default()
    })
    .await;
    for host in ["authlab.lan:3000", "192.168.1.20:3000"] {
        let answer = app.send(request("GET", "/api/health", host)).await;
        assert_eq!(answer.status(), StatusCode::OK, "{host}");
    }
    let answer = app
        .send(request("GET", "/api/health", "authlab.lan.evil.example"))
        .await;
    assert_eq!(answer.status(), StatusCode::MISDIRECTED_REQUEST);
}
