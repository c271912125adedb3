//! In-process tests of JWT verification: every rule of SECURITY.md answers 401 with a reason.

use crate::common;

use axum::http::{header, StatusCode};
use common::jwt::*;
use common::{body_json, TestApp};
use jsonwebtoken::Algorithm;
use serde_json::json;
use server::base::settings::{JwtAlgorithm, JwtSettings, Settings};
use time::Duration;

#[tokio::test]
async fn login_issues_a_pair_and_who_am_i_shows_the_claims_and_checks() {
    let app = TestApp::new().await;
    let response = app
        .send(post_json(
            "/api/jwt/login",
            &json!({"username": "alice", "password": "wonderland"}),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let pair = body_json(response).await;
    assert_eq!(pair["token_type"], "Bearer");
    assert_eq!(pair["expires_in"], 300);
    let access = pair["access_token"].as_str().unwrap();
    let head = decode_part(access, 0);
    assert_eq!(head["alg"], "HS256");
    assert_eq!(head["typ"], "at+jwt");
    assert_eq!(head["kid"], app.state.jwt.keys().current().kid.as_str());
    let claims = decode_part(access, 1);
    for name in [
        "sub",
        "role",
        "iat",
        "nbf",
        "exp",
        "iss",
        "aud",
        "jti",
        "token_use",
    ] {
        assert!(claims.get(name).is_some(), "claim {name} missing: {claims}");
    }
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );

    let answer = body_json(me(&app, access).await).await;
    assert_eq!(answer["claims"]["sub"], "alice");
    assert_eq!(answer["claims"]["role"], "user");
    let names: Vec<&str> = answer["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| check["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "bearer header",
            "size",
            "structure",
            "header",
            "signature",
            "issuer & audience",
            "exp / nbf",
            "token type",
            "denylist"
        ]
    );
    assert!(answer["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["passed"] == true));
}

#[tokio::test]
async fn wrong_credentials_get_the_session_sides_one_answer() {
    let app = TestApp::new().await;
    for (user, pass) in [("alice", "nope"), ("mallory", "wonderland")] {
        let body = json!({ "username": user, "password": pass });
        let response = app.send(post_json("/api/jwt/login", &body)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            body_json(response).await,
            json!({ "error": "invalid credentials" })
        );
    }
}

#[tokio::test]
async fn no_header_or_another_scheme_is_a_401_with_a_bearer_challenge() {
    let app = TestApp::new().await;
    assert_refused(app.get("/api/jwt/me").await, "missing_token").await;
    let basic = axum::http::Request::get("/api/jwt/me")
        .header(header::AUTHORIZATION, "Basic YWxpY2U6d29uZGVybGFuZA==")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_refused(app.send(basic).await, "missing_token").await;
}

#[tokio::test]
async fn expiry_is_exact_to_the_stated_leeway_on_the_lab_clock() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    // exp is 300 s away, the leeway 5 s: at +303 s it is still accepted...
    app.state.clock.advance(Duration::seconds(303));
    assert_eq!(me(&app, access).await.status(), StatusCode::OK);
    // ...and at +306 s it is refused.
    app.state.clock.advance(Duration::seconds(3));
    let body = assert_refused(me(&app, access).await, "expired").await;
    assert!(
        body["error"].as_str().unwrap().contains("leeway 5 s"),
        "{body}"
    );
}

#[tokio::test]
async fn a_token_not_valid_yet_is_refused_beyond_the_leeway() {
    let app = TestApp::new().await;
    let (head, mut claims) = good_parts(&app);
    let now = app.state.clock.now().unix_timestamp();
    claims["nbf"] = json!(now + 60);
    assert_refused(
        me(&app, &forge(&app, &head, &claims)).await,
        "not_yet_valid",
    )
    .await;
    claims["nbf"] = json!(now + 2);
    assert_eq!(
        me(&app, &forge(&app, &head, &claims)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_or_missing_issuer_and_audience_are_refused() {
    let app = TestApp::new().await;
    let (head, claims) = good_parts(&app);
    let mut other = claims.clone();
    other["iss"] = json!("evil.example");
    assert_refused(me(&app, &forge(&app, &head, &other)).await, "wrong_issuer").await;
    let mut other = claims.clone();
    other["aud"] = json!("another-api");
    assert_refused(
        me(&app, &forge(&app, &head, &other)).await,
        "wrong_audience",
    )
    .await;
    for claim in ["aud", "iss", "exp", "nbf", "sub"] {
        let mut other = claims.clone();
        other.as_object_mut().unwrap().remove(claim);
        let response = me(&app, &forge(&app, &head, &other)).await;
        let body = assert_refused(response, "missing_claim").await;
        assert!(body["error"].as_str().unwrap().contains(claim), "{body}");
    }
}

#[tokio::test]
async fn a_string_exp_is_refused_not_trusted() {
    let app = TestApp::new().await;
    let (head, mut claims) = good_parts(&app);
    claims["exp"] = json!("99999999999");
    assert_refused(
        me(&app, &forge(&app, &head, &claims)).await,
        "malformed_claims",
    )
    .await;
}

#[tokio::test]
async fn alg_none_is_refused_in_every_casing() {
    let app = TestApp::new().await;
    let (mut head, claims) = good_parts(&app);
    for alg in ["none", "None", "NONE", "nOnE"] {
        head["alg"] = json!(alg);
        let unsigned = format!(
            "{}.{}.",
            b64(head.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        assert_refused(me(&app, &unsigned).await, "alg_none").await;
        let with_signature = format!("{unsigned}c2lnbmF0dXJl");
        assert_refused(me(&app, &with_signature).await, "alg_none").await;
    }
}

#[tokio::test]
async fn another_hmac_algorithm_with_the_right_secret_is_still_refused() {
    let app = TestApp::new().await;
    let (mut head, claims) = good_parts(&app);
    head["alg"] = json!("HS512");
    let token = forge_hmac(&head, &claims, Algorithm::HS512, &key_material(&app));
    assert_refused(me(&app, &token).await, "wrong_algorithm").await;
}

#[tokio::test]
async fn an_edited_payload_fails_the_signature() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let mut claims = decode_part(access, 1);
    claims["role"] = json!("admin");
    let parts: Vec<&str> = access.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(claims.to_string().as_bytes()),
        parts[2]
    );
    let body = assert_refused(me(&app, &tampered).await, "bad_signature").await;
    let checks = body["checks"].as_array().unwrap();
    let last = checks.last().unwrap();
    assert_eq!(
        (last["name"].as_str(), last["passed"].as_bool()),
        (Some("signature"), Some(false))
    );
}

#[tokio::test]
async fn truncated_and_empty_signatures_are_refused() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    assert_refused(me(&app, &access[..access.len() - 4]).await, "bad_signature").await;
    let (message, _) = access.rsplit_once('.').unwrap();
    assert_refused(me(&app, &format!("{message}.")).await, "bad_signature").await;
}

#[tokio::test]
async fn a_refresh_token_is_not_an_access_token() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let refresh_token = pair["refresh_token"].as_str().unwrap();
    assert_refused(me(&app, refresh_token).await, "wrong_type").await;
    // Even with an access typ in the header, the token_use claim gives it away.
    let (head, mut claims) = good_parts(&app);
    claims["token_use"] = json!("refresh");
    assert_refused(me(&app, &forge(&app, &head, &claims)).await, "wrong_type").await;
}

#[tokio::test]
async fn malformed_tokens_get_a_reason_not_a_500() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let cases = [
        ("two.segments".to_owned(), "malformed"),
        (format!("{access}.extra"), "malformed"),
        ("%%%.$$$.***".to_owned(), "malformed"),
        ("e30.e30.c2ln".to_owned(), "malformed"), // {} header: no alg
        ("W10.e30.c2ln".to_owned(), "malformed"), // [] is not an object
        ("x".repeat(9000), "too_large"),
        (String::new(), "malformed"),
    ];
    for (token, reason) in cases {
        assert_refused(me(&app, &token).await, reason).await;
    }
}

#[tokio::test]
async fn crit_and_header_supplied_keys_are_refused() {
    let app = TestApp::new().await;
    let (head, claims) = good_parts(&app);
    let mut crit = head.clone();
    crit["crit"] = json!(["exp-ext"]);
    assert_refused(
        me(&app, &forge(&app, &crit, &claims)).await,
        "forbidden_header",
    )
    .await;
    for name in ["jku", "x5u"] {
        let mut with_key = head.clone();
        with_key[name] = json!("https://evil.example/keys");
        assert_refused(
            me(&app, &forge(&app, &with_key, &claims)).await,
            "forbidden_header",
        )
        .await;
    }
    let mut unknown_kid = head.clone();
    unknown_kid["kid"] = json!("someone-elses");
    assert_refused(
        me(&app, &forge(&app, &unknown_kid, &claims)).await,
        "unknown_key",
    )
    .await;
}

/// Logs in on a server signing with `algorithm`, checks the token verifies and its key is
/// published, then tries key confusion: HS256 signed with the published public key.
async fn public_key_algorithm_round_trip(algorithm: JwtAlgorithm, public_part: &str) {
    let settings = Settings {
        jwt: JwtSettings {
            algorithm,
            ..JwtSettings::default()
        },
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(decode_part(access, 0)["alg"], algorithm.name());
    assert_eq!(me(&app, access).await.status(), StatusCode::OK);

    let jwks = body_json(app.get("/.well-known/jwks.json").await).await;
    let key = &jwks["keys"][0];
    assert_eq!(key["kid"], decode_part(access, 0)["kid"]);
    assert_eq!(key["alg"], algorithm.name());
    let public = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        key[public_part].as_str().unwrap(),
    )
    .unwrap();
    let (mut head, claims) = good_parts(&app);
    head["alg"] = json!("HS256");
    let confused = forge_hmac(&head, &claims, Algorithm::HS256, &public);
    assert_refused(me(&app, &confused).await, "wrong_algorithm").await;
}

#[tokio::test]
async fn eddsa_verifies_publishes_its_key_and_refuses_hmac_with_the_public_key() {
    public_key_algorithm_round_trip(JwtAlgorithm::EdDsa, "x").await;
}

#[tokio::test]
async fn rs256_verifies_publishes_its_key_and_refuses_hmac_with_the_public_key() {
    public_key_algorithm_round_trip(JwtAlgorithm::Rs256, "n").await;
}

#[tokio::test]
async fn the_hmac_secret_is_never_published() {
    let app = TestApp::new().await;
    let response = app.get("/.well-known/jwks.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_json(response).await, json!({ "keys": [] }));
}
