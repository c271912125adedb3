//! In-process tests of the JWT scheme's two carriers: `Authorization: Bearer` from the page's
//! storage, and HttpOnly cookies the browser attaches by itself.

use crate::common;

use axum::http::{header, StatusCode};
use common::carrier::{cookie_pair, get_with, login_with, post_with, set_cookies};
use common::jwt::post_json;
use common::{body_json, last_entry, TestApp};
use serde_json::json;

const ME: &str = "/api/jwt/me";

#[tokio::test]
async fn the_cookie_carrier_puts_no_token_in_the_body_and_scopes_its_cookies() {
    let app = TestApp::new().await;
    let login = login_with(&app, "jwt", "cookie").await;
    let cookies = set_cookies(&login);
    let access = cookies
        .iter()
        .find(|c| c.starts_with("authlab_jwt="))
        .expect("the access cookie");
    let refresh = cookies
        .iter()
        .find(|c| c.starts_with("authlab_jwt_refresh="))
        .expect("the refresh cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/api;", "Max-Age=300"] {
        assert!(access.contains(attribute), "{attribute} in {access}");
    }
    assert!(
        refresh.contains("HttpOnly") && refresh.contains("Path=/api/jwt;"),
        "{refresh}"
    );
    assert!(
        !access.contains("Secure"),
        "plain http on loopback: {access}"
    );
    let answer = body_json(login).await;
    assert!(
        answer.get("access_token").is_none() && answer.get("refresh_token").is_none(),
        "{answer}"
    );
    assert_eq!(answer["carrier"], "cookie");
    assert_eq!(answer["cookies"][0]["bytes"], access.len());
}

#[tokio::test]
async fn a_cookie_carried_token_is_accepted_checked_and_traced_as_a_cookie() {
    let app = TestApp::new().await;
    let access = cookie_pair(&login_with(&app, "jwt", "cookie").await, "authlab_jwt").unwrap();
    let me = app.send(get_with(ME, &[("cookie", &access)])).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me = body_json(me).await;
    assert_eq!(me["carrier"], "cookie");
    assert_eq!(me["checks"][0]["name"], "jwt cookie");
    assert_eq!(me["claims"]["sub"], "alice");
    let entry = last_entry(&app, ME).await;
    assert_eq!(
        (
            entry["credential"]["kind"].as_str(),
            entry["credential"]["carrier"].as_str()
        ),
        (Some("cookie"), Some("cookie"))
    );
    let header = body_json(login_with(&app, "jwt", "header").await).await;
    let token = header["access_token"].as_str().unwrap();
    let bearer = body_json(
        app.send(get_with(
            ME,
            &[("authorization", &format!("Bearer {token}"))],
        ))
        .await,
    )
    .await;
    assert_eq!(bearer["carrier"], "header");
}

#[tokio::test]
async fn a_token_sent_both_ways_is_a_400_invalid_request() {
    let app = TestApp::new().await;
    let access = cookie_pair(&login_with(&app, "jwt", "cookie").await, "authlab_jwt").unwrap();
    let token = body_json(login_with(&app, "jwt", "header").await).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let both = app
        .send(get_with(
            ME,
            &[
                ("cookie", &access),
                ("authorization", &format!("Bearer {token}")),
            ],
        ))
        .await;
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    let challenge = both.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains("error=\"invalid_request\""),
        "{challenge}"
    );
    assert_eq!(body_json(both).await["reason"], "ambiguous");
}

#[tokio::test]
async fn refresh_by_cookie_rotates_both_cookies_and_a_reused_one_revokes_the_family() {
    let app = TestApp::new().await;
    let login = login_with(&app, "jwt", "cookie").await;
    let old = cookie_pair(&login, "authlab_jwt_refresh").unwrap();
    let old_access = cookie_pair(&login, "authlab_jwt").unwrap();
    let refreshed = app
        .send(post_with("/api/jwt/refresh", &[("cookie", &old)]))
        .await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let new = cookie_pair(&refreshed, "authlab_jwt_refresh").expect("a new refresh cookie");
    let new_access = cookie_pair(&refreshed, "authlab_jwt").expect("a new access cookie");
    assert_ne!((&new, &new_access), (&old, &old_access));
    assert!(body_json(refreshed).await.get("refresh_token").is_none());
    // The page's own refresh sends `{}` with the cookie: the same.
    let mut with_body = post_json("/api/jwt/refresh", &json!({}));
    with_body
        .headers_mut()
        .insert("cookie", new.parse().unwrap());
    assert_eq!(app.send(with_body).await.status(), StatusCode::OK);
    // The first refresh cookie again: someone holds a copy.
    let reused = app
        .send(post_with("/api/jwt/refresh", &[("cookie", &old)]))
        .await;
    assert_eq!(reused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body_json(reused).await["reason"], "refresh_reused");
    // A token in the body and the cookie at once is ambiguous.
    let mut both = post_json("/api/jwt/refresh", &json!({ "refresh_token": "a.b.c" }));
    both.headers_mut().insert("cookie", new.parse().unwrap());
    let both = app.send(both).await;
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_json(both).await["reason"], "ambiguous");
}

#[tokio::test]
async fn logout_clears_both_cookies_but_a_copied_access_cookie_lives_until_exp() {
    let app = TestApp::new().await;
    let login = login_with(&app, "jwt", "cookie").await;
    let access = cookie_pair(&login, "authlab_jwt").unwrap();
    let refresh = cookie_pair(&login, "authlab_jwt_refresh").unwrap();
    let logout = app
        .send(post_with("/api/jwt/logout", &[("cookie", &refresh)]))
        .await;
    assert_eq!(logout.status(), StatusCode::OK);
    let removals = set_cookies(&logout);
    assert_eq!(removals.len(), 2, "{removals:?}");
    assert!(removals.iter().any(|c| c.starts_with("authlab_jwt=;")
        && c.contains("Path=/api;")
        && c.contains("Max-Age=0")));
    assert!(removals
        .iter()
        .any(|c| c.starts_with("authlab_jwt_refresh=;") && c.contains("Path=/api/jwt;")));
    // The state model decides, not the carrier: nothing on the server knew this token.
    let copy = app.send(get_with(ME, &[("cookie", &access)])).await;
    assert_eq!(copy.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_site_cannot_ride_the_cookie_carried_jwt_past_the_origin_check() {
    let app = TestApp::new().await;
    let access = cookie_pair(&login_with(&app, "jwt", "cookie").await, "authlab_jwt").unwrap();
    let transfer = |site: &str| {
        let mut request = axum::http::Request::post("/api/jwt/transfer")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &access)
            .header("sec-fetch-site", site);
        if site == "cross-site" {
            request = request.header(header::ORIGIN, "http://localhost:4010");
        }
        request
            .body(axum::body::Body::from("to=mallory&amount=100"))
            .unwrap()
    };
    assert_eq!(
        app.send(transfer("cross-site")).await.status(),
        StatusCode::FORBIDDEN
    );
    let home = app.send(transfer("same-origin")).await;
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(body_json(home).await["username"], "alice");
}

#[tokio::test]
async fn a_stolen_cookie_carried_jwt_is_replayed_as_a_cookie() {
    let app = TestApp::new().await;
    let access = cookie_pair(&login_with(&app, "jwt", "cookie").await, "authlab_jwt").unwrap();
    let mut steal = post_json("/api/lab/steal", &json!({ "scheme": "jwt" }));
    steal
        .headers_mut()
        .insert("cookie", access.parse().unwrap());
    let stolen = body_json(app.send(steal).await).await;
    assert_eq!(stolen["carrier"], "cookie", "{stolen}");
    let copy = json!({ "copy_id": stolen["copy_id"] });
    let replay = body_json(app.send(post_json("/api/lab/replay", &copy)).await).await;
    assert_eq!(replay["status"], 200, "{replay}");
    assert_eq!(replay["checks"][0]["name"], "jwt cookie");
}

#[tokio::test]
async fn secure_cookies_take_the_secure_prefix_which_path_scoped_cookies_allow() {
    let settings = server::base::settings::Settings {
        jwt: server::base::settings::JwtSettings {
            secure_cookie: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let app = TestApp::with_settings(settings).await;
    let login = login_with(&app, "jwt", "cookie").await;
    let cookies = set_cookies(&login);
    assert!(
        cookies
            .iter()
            .all(|c| c.starts_with("__Secure-authlab_jwt") && c.contains("; Secure")),
        "{cookies:?}"
    );
    let access = cookie_pair(&login, "__Secure-authlab_jwt").unwrap();
    assert_eq!(
        app.send(get_with(ME, &[("cookie", &access)]))
            .await
            .status(),
        StatusCode::OK
    );
}
