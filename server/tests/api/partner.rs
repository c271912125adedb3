//! The partner app's OAuth flow in-process: consent on authlab's origin, the code exchange with
//! PKCE (wrong verifier, reused code, wrong client or redirect refused), scope enforcement,
//! revocation of a grant, CORS answers per origin, and the origin check for a trusted app.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::jwt::{assert_refused, bearer, log_in, me, post_json, ALICE};
use crate::common::session::session_cookie;
use crate::common::{body_json, body_text, last_entry, TestApp};

const PARTNER: &str = "http://127.0.0.1:4567";
const VERIFIER: &str = "the-partner-keeps-this-verifier-secret-0123456789";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn partner_app() -> TestApp {
    let app = TestApp::new().await;
    server::lab::partner::register(&app.state.lab, &app.state.policy, 4567);
    app
}

async fn alice_cookie(app: &TestApp) -> String {
    let body = json!({ "username": ALICE.0, "password": ALICE.1 });
    let response = app.send(post_json("/api/session/login", &body)).await;
    session_cookie(&response).unwrap()
}

fn query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The authorization request the partner's page sends, asking for `scope`.
fn ask(scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("response_type", "code".to_owned()),
        ("client_id", "partner".to_owned()),
        ("redirect_uri", format!("{PARTNER}/callback")),
        ("scope", scope.to_owned()),
        ("state", "s-123".to_owned()),
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_owned()),
    ]
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn location(response: &Response<Body>) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The consent form, allowing `ticked` (e.g. `["profile_read"]`); the redirect's Location.
async fn consent(app: &TestApp, cookie: &str, scope: &str, ticked: &[&str]) -> String {
    let mut fields = ask(scope);
    fields.push(("decision", "allow".to_owned()));
    for name in ticked {
        let name: &'static str = if *name == "profile_read" {
            "profile_read"
        } else {
            "coins_send"
        };
        fields.push((name, "on".to_owned()));
    }
    let request = Request::post("/api/oauth/authorize")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(query(&pairs(&fields))))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

fn code_of(location: &str) -> String {
    let query = location.split_once('?').unwrap().1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no code in {location}"))
}

/// The partner's page swapping a code, from its own origin (no cookie: none goes along).
fn exchange(code: &str, verifier: &str, client: &str, redirect: &str) -> Request<Body> {
    let body = query(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect),
        ("client_id", client),
        ("code_verifier", verifier),
    ]);
    Request::post("/api/oauth/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, PARTNER)
        .header("sec-fetch-site", "same-site")
        .body(Body::from(body))
        .unwrap()
}

async fn token(app: &TestApp, cookie: &str, ticked: &[&str]) -> (String, String) {
    let code = code_of(&consent(app, cookie, "profile:read coins:send", ticked).await);
    let redirect = format!("{PARTNER}/callback");
    let response = app
        .send(exchange(&code, VERIFIER, "partner", &redirect))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], PARTNER);
    let answer = body_json(response).await;
    (answer["access_token"].as_str().unwrap().to_owned(), code)
}

/// The partner's transfer: a bearer POST from its origin.
fn transfer(token: &str) -> Request<Body> {
    Request::post("/api/jwt/transfer")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, PARTNER)
        .header("sec-fetch-site", "same-site")
        .body(Body::from("to=cointracker&amount=5"))
        .unwrap()
}

#[tokio::test]
async fn consent_needs_authlabs_own_session_and_a_registered_redirect() {
    let app = partner_app().await;
    let uri = format!(
        "/api/oauth/authorize?{}",
        query(&pairs(&ask("profile:read")))
    );
    let anonymous = app.get(&uri).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(body_text(anonymous)
        .await
        .contains("Log in to authlab first"));

    let cookie = alice_cookie(&app).await;
    let page = app
        .send(
            Request::get(&uri)
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    let html = body_text(page).await;
    assert!(
        html.contains("profile:read") && !html.contains("coins_send"),
        "{html}"
    );

    // An unregistered redirect is never redirected to.
    let mut evil = ask("profile:read");
    evil[2].1 = "http://evil.test/callback".to_owned();
    let uri = format!("/api/oauth/authorize?{}", query(&pairs(&evil)));
    let refused = app.get(&uri).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(!refused.headers().contains_key(header::LOCATION));
    // Without PKCE the error goes back to the (registered) client.
    let mut plain = ask("profile:read");
    plain[6].1 = "plain".to_owned();
    let uri = format!("/api/oauth/authorize?{}", query(&pairs(&plain)));
    let back = app.get(&uri).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert!(location(&back).contains("error=invalid_request"));
    // Saying no sends access_denied back.
    let mut fields = ask("profile:read");
    fields.push(("decision", "deny".to_owned()));
    let request = Request::post("/api/oauth/authorize")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(query(&pairs(&fields))))
        .unwrap();
    assert!(location(&app.send(request).await).contains("error=access_denied"));
}

#[tokio::test]
async fn a_code_is_swapped_once_with_its_verifier_for_a_token_limited_to_the_grant() {
    let app = partner_app().await;
    let cookie = alice_cookie(&app).await;
    let redirect = format!("{PARTNER}/callback");
    let location = consent(&app, &cookie, "profile:read coins:send", &["profile_read"]).await;
    assert!(
        location.starts_with(&redirect) && location.contains("state=s-123"),
        "{location}"
    );
    let code = code_of(&location);

    for (verifier, client, redirect_uri, error) in [
        (
            "a-wrong-verifier-that-is-long-enough-to-be-well-formed",
            "partner",
            redirect.as_str(),
            "invalid_grant",
        ),
        (
            VERIFIER,
            "someone-else",
            redirect.as_str(),
            "invalid_client",
        ),
    ] {
        let response = app
            .send(exchange(&code, verifier, client, redirect_uri))
            .await;
        assert!(response.status().is_client_error());
        assert_eq!(body_json(response).await["error"], error);
    }
    // A wrong verifier used the code up: a second try is a reuse, refused.
    let again = app
        .send(exchange(&code, VERIFIER, "partner", &redirect))
        .await;
    assert_eq!(body_json(again).await["error"], "invalid_grant");

    let (token, code) = token(&app, &cookie, &["profile_read"]).await;
    let claims = body_json(me(&app, &token).await).await;
    assert_eq!(claims["claims"]["scope"], "profile:read");
    assert_eq!(claims["claims"]["client_id"], "partner");
    // Without coins:send the transfer is forbidden, and says which scope it needs.
    let refused = app.send(transfer(&token)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let challenge = refused.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains("insufficient_scope") && challenge.contains("coins:send"),
        "{challenge}"
    );
    // A delegated token is no first-party token.
    let first_party_only = app.send(bearer("POST", "/api/jwt/revoke", &token)).await;
    assert_refused(first_party_only, "insufficient_scope").await;
    // Replaying the code revokes what it gave.
    let replay = app
        .send(exchange(&code, VERIFIER, "partner", &redirect))
        .await;
    assert_eq!(body_json(replay).await["error"], "invalid_grant");
    assert_refused(me(&app, &token).await, "revoked").await;
}

#[tokio::test]
async fn the_user_sees_and_revokes_a_connected_app_and_its_tokens_die() {
    let app = partner_app().await;
    let cookie = alice_cookie(&app).await;
    let (token, _) = token(&app, &cookie, &["profile_read", "coins_send"]).await;
    assert_eq!(app.send(transfer(&token)).await.status(), StatusCode::OK);

    let alice = log_in(&app, ALICE).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let list = body_json(app.send(bearer("GET", "/api/oauth/grants", &alice)).await).await;
    let grant = &list["grants"][0];
    assert_eq!(grant["scope"], "profile:read coins:send");
    assert_eq!(grant["tokens"], 1);
    // The partner's own token cannot list or revoke grants.
    let by_partner = app.send(bearer("GET", "/api/oauth/grants", &token)).await;
    assert_eq!(by_partner.status(), StatusCode::FORBIDDEN);

    let mut revoke = post_json("/api/oauth/grants/revoke", &json!({ "id": grant["id"] }));
    revoke.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {alice}").parse().unwrap(),
    );
    let revoked = body_json(app.send(revoke).await).await;
    assert!(revoked["revoked_at"].is_i64(), "{revoked}");
    assert_refused(me(&app, &token).await, "revoked").await;
}

#[tokio::test]
async fn cors_answers_the_partner_only_and_the_origin_check_trusts_it_without_cookies() {
    let app = partner_app().await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/jwt/me")
            .header(header::ORIGIN, origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = app.send(preflight(PARTNER)).await;
    assert_eq!(allowed.headers()["access-control-allow-origin"], PARTNER);
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(headers.contains("authorization"), "{headers}");
    assert!(!allowed
        .headers()
        .contains_key("access-control-allow-credentials"));
    let entry = last_entry(&app, "/api/jwt/me").await;
    let cors = entry["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["name"] == "CORS")
        .unwrap_or_else(|| panic!("no CORS check: {entry}"));
    assert_eq!(cors["passed"], true);
    assert!(
        cors["detail"]
            .as_str()
            .unwrap()
            .contains("Access-Control-Allow-Origin: http://127.0.0.1:4567"),
        "{cors}"
    );
    let other = app.send(preflight("http://127.0.0.1:9999")).await;
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let entry = last_entry(&app, "/api/jwt/me").await;
    assert!(
        entry.to_string().contains("its script may not read this"),
        "{entry}"
    );

    // A state change from the trusted origin passes only without a cookie.
    let cookie = alice_cookie(&app).await;
    let (token, _) = token(&app, &cookie, &["profile_read", "coins_send"]).await;
    let mut with_cookie = transfer(&token);
    with_cookie
        .headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    assert_eq!(app.send(with_cookie).await.status(), StatusCode::FORBIDDEN);
    let mut untrusted = transfer(&token);
    untrusted
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:9999".parse().unwrap());
    assert_eq!(app.send(untrusted).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.send(transfer(&token)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_cors_labs_mistakes_reflect_any_origin_or_answer_a_wildcard_with_credentials() {
    let app = partner_app().await;
    let cookie = alice_cookie(&app).await;
    let evil = "http://127.0.0.1:9999";
    let read = || {
        Request::get("/api/session/me")
            .header(header::ORIGIN, evil)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap()
    };
    let switch =
        |name: &str, on: bool| post_json("/api/lab/switch", &json!({ "name": name, "on": on }));
    assert!(!app
        .send(read())
        .await
        .headers()
        .contains_key("access-control-allow-origin"));

    app.send(switch("cors-reflect-origin", true)).await;
    let leaked = app.send(read()).await;
    assert_eq!(leaked.headers()["access-control-allow-origin"], evil);
    assert_eq!(leaked.headers()["access-control-allow-credentials"], "true");
    assert_eq!(body_json(leaked).await["user"]["username"], "alice");
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/session/logout")
        .header(header::ORIGIN, evil)
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.send(preflight).await.headers()["access-control-allow-origin"],
        evil
    );
    let lab = body_json(app.get("/api/lab").await).await;
    assert_eq!(lab["cors"], json!(["cors-reflect-origin"]));

    app.send(switch("cors-reflect-origin", false)).await;
    app.send(switch("cors-wildcard", true)).await;
    let wildcard = app.send(read()).await;
    assert_eq!(wildcard.headers()["access-control-allow-origin"], "*");
    app.send(post_json("/api/lab/reset", &json!({}))).await;
    assert!(!app
        .send(read())
        .await
        .headers()
        .contains_key("access-control-allow-origin"));
}
