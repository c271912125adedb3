//! Workshop mode's https: the generated certificate serves the app, and a client that trusts
//! exactly that certificate (as an attendee who compared the fingerprint) gets the answer; the
//! lab's other sites are served the same way, point at the app by another of this machine's
//! names, and the partner's https origins are trusted like its loopback ones.

use crate::common;

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::sites::SecureSites;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body_json, body_text, TestApp};
use serde_json::json;
use server::lab::AppAt;
use server::start::tls;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

/// Serves `router` over https with `identity` on a free loopback port.
async fn serve(router: axum::Router, identity: &tls::Identity) -> SocketAddr {
    let config = tls::server_config(identity).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tls::serve(listener, router, config));
    addr
}

/// `GET path` over https, trusting exactly `identity`'s certificate, with this `Host`.
async fn https_get(identity: &tls::Identity, addr: SocketAddr, host: &str, path: &str) -> String {
    let mut roots = RootCertStore::empty();
    roots.add(identity.cert.clone()).unwrap();
    let client = ClientConfig::builder_with_provider(tls::provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = TlsConnector::from(Arc::new(client))
        .connect(name, tcp)
        .await
        .unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.unwrap();
    answer
}

#[tokio::test]
async fn the_app_answers_over_https_with_the_generated_certificate() {
    let app = TestApp::new().await;
    let identity = tls::identity(app.data_dir.path(), &["localhost".to_owned()]).unwrap();
    let addr = serve(app.router.clone(), &identity).await;
    let answer = https_get(&identity, addr, "localhost", "/api/health").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"ok\""), "{answer}");

    // The same data directory at the next start: the same certificate.
    let again = tls::identity(app.data_dir.path(), &["localhost".to_owned()]).unwrap();
    assert_eq!(again.fingerprint, identity.fingerprint);
}

#[tokio::test]
async fn the_lab_sites_serve_over_https_too_and_the_partner_is_trusted_there() {
    let app = TestApp::new().await;
    let names: Vec<String> = ["localhost", "127.0.0.1", "192.168.1.20", "authlab.lan"]
        .map(String::from)
        .to_vec();
    server::lab::partner::register(&app.state.lab, &app.state.policy, 4567);
    server::lab::partner::register_secure(
        &app.state.lab,
        &app.state.policy,
        SecureSites {
            evil_port: 3444,
            partner_port: 3445,
            names: names.clone(),
        },
    );

    // The page learns the https ports and this machine's names.
    let view = body_json(app.get("/api/lab").await).await;
    assert_eq!(view["secure"]["evil_port"], 3444, "{view}");
    assert_eq!(view["secure"]["partner_port"], 3445, "{view}");
    assert_eq!(view["secure"]["names"][3], "authlab.lan", "{view}");

    // The partner's https origin may read authlab's answers (CORS) …
    let partner = "https://192.168.1.20:3445";
    let preflight = app
        .send(
            Request::builder()
                .method("OPTIONS")
                .uri("/api/jwt/me")
                .header(header::ORIGIN, partner)
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(preflight.headers()["access-control-allow-origin"], partner);
    // … and its https callback is a redirect it registered; another port's is not.
    let authorize = |redirect: &str| {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("response_type", "code"),
                ("client_id", "partner"),
                ("redirect_uri", redirect),
                ("scope", "profile:read"),
                ("state", "s"),
                (
                    "code_challenge",
                    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                ),
                ("code_challenge_method", "S256"),
            ])
            .finish();
        format!("/api/oauth/authorize?{query}")
    };
    let login = json!({ "username": "alice", "password": "wonderland" });
    let session = app
        .send(common::jwt::post_json("/api/session/login", &login))
        .await;
    let cookie = common::session::session_cookie(&session).unwrap();
    let consent = app
        .send(
            Request::get(authorize("https://authlab.lan:3445/callback"))
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(consent.status(), StatusCode::OK);
    // The consent form's redirect may go there (a browser enforces form-action on it).
    let policy = consent.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains(
            "form-action 'self' http://127.0.0.1:* http://localhost:* https://authlab.lan:3445;"
        ),
        "{policy}"
    );
    let other = app
        .get(&authorize("https://authlab.lan:3446/callback"))
        .await;
    assert_eq!(other.status(), StatusCode::BAD_REQUEST);
    assert!(body_text(other)
        .await
        .contains("not one the client registered"));

    // The evil site over https: opened by the LAN address, it sends you to the app by the other
    // name — another site, so `SameSite` decides what goes along.
    let identity = tls::identity(app.data_dir.path(), &names).unwrap();
    let at = AppAt::Secure {
        port: 3443,
        names: names.clone().into(),
    };
    let evil = serve(server::lab::evil::router(at.clone()), &identity).await;
    let page = https_get(&identity, evil, "192.168.1.20:3444", "/").await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("https://authlab.lan:3443"), "{page}");
    let cors = https_get(&identity, evil, "192.168.1.20:3444", "/cors").await;
    assert!(
        cors.contains("https://192.168.1.20:3443"),
        "the same site: {cors}"
    );
    let partner_page = serve(server::lab::partner::router(at), &identity).await;
    let page = https_get(&identity, partner_page, "authlab.lan:3445", "/").await;
    assert!(page.contains("https://authlab.lan:3443"), "{page}");
}
