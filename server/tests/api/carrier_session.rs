//! In-process tests of the session scheme's two carriers: the HttpOnly cookie, and the
//! `X-Session-Id` header the page adds from where it keeps the id.

use crate::common;

use axum::http::StatusCode;
use common::carrier::{cookie_pair, get_with, login_with, post_with, set_cookies};
use common::jwt::post_json;
use common::{body_json, last_entry, TestApp};
use serde_json::json;

const ME: &str = "/api/session/me";

#[tokio::test]
async fn the_header_carrier_answers_the_id_in_the_body_and_sets_no_cookie() {
    let app = TestApp::new().await;
    let login = login_with(&app, "session", "header").await;
    assert!(set_cookies(&login).is_empty(), "{:?}", set_cookies(&login));
    let answer = body_json(login).await;
    assert_eq!(answer["carrier"], "header");
    let id = answer["session_id"]
        .as_str()
        .expect("the id in the body")
        .to_owned();
    let me = app.send(get_with(ME, &[("x-session-id", &id)])).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert!(
        set_cookies(&me).is_empty(),
        "a header-carried session gets no cookie"
    );
    let me = body_json(me).await;
    assert_eq!(
        (me["user"]["username"].as_str(), me["carrier"].as_str()),
        (Some("alice"), Some("header"))
    );
    let entry = last_entry(&app, ME).await;
    assert_eq!(entry["credential"]["kind"], "header");
    assert_eq!(entry["credential"]["carrier"], "header");
    assert_eq!(entry["credential"]["bytes"], id.len());
}

#[tokio::test]
async fn logout_kills_a_header_carried_id_at_once_and_a_forged_one_is_anonymous() {
    let app = TestApp::new().await;
    let answer = body_json(login_with(&app, "session", "header").await).await;
    let id = answer["session_id"].as_str().unwrap().to_owned();
    let logout = app
        .send(post_with("/api/session/logout", &[("x-session-id", &id)]))
        .await;
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(body_json(logout).await["logged_out"], true);
    let replayed = app.send(get_with(ME, &[("x-session-id", &id)])).await;
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    for forged in [
        "garbage",
        "a; authlab_session=x",
        &format!("{}x", &id[..id.len() - 1]),
    ] {
        let response = app.send(get_with(ME, &[("x-session-id", forged)])).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{forged}");
        assert!(body_json(response).await["error"].is_string());
    }
}

#[tokio::test]
async fn an_id_sent_both_ways_at_once_is_refused_as_ambiguous() {
    let app = TestApp::new().await;
    let cookie = cookie_pair(
        &login_with(&app, "session", "cookie").await,
        "authlab_session",
    )
    .unwrap();
    let id = body_json(login_with(&app, "session", "header").await).await["session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let both = app
        .send(get_with(ME, &[("cookie", &cookie), ("x-session-id", &id)]))
        .await;
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    assert!(body_json(both).await["error"]
        .as_str()
        .unwrap()
        .contains("ambiguous"));
}

#[tokio::test]
async fn without_the_field_login_is_as_before_and_moving_to_the_header_removes_the_cookie() {
    let app = TestApp::new().await;
    let login = app
        .send(post_json(
            "/api/session/login",
            &json!({ "username": "alice", "password": "wonderland" }),
        ))
        .await;
    let cookie = cookie_pair(&login, "authlab_session").expect("the classic cookie");
    let answer = body_json(login).await;
    assert_eq!(answer["carrier"], "cookie");
    assert!(answer.get("session_id").is_none(), "{answer}");
    let me = body_json(app.send(get_with(ME, &[("cookie", &cookie)])).await).await;
    assert_eq!(me["carrier"], "cookie");
    // The same browser logs in again, now asking for the header carrier.
    let body = json!({ "username": "alice", "password": "wonderland", "carrier": "header" });
    let mut again = post_json("/api/session/login", &body);
    again
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    let again = app.send(again).await;
    let removal = set_cookies(&again);
    assert!(
        removal.len() == 1
            && removal[0].starts_with("authlab_session=;")
            && removal[0].contains("Max-Age=0"),
        "{removal:?}"
    );
    assert!(body_json(again).await["session_id"].is_string());
}

#[tokio::test]
async fn a_stolen_header_carried_id_is_replayed_by_header_and_dies_at_logout() {
    let app = TestApp::new().await;
    let id = body_json(login_with(&app, "session", "header").await).await["session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut steal = post_json("/api/lab/steal", &json!({ "scheme": "session" }));
    steal
        .headers_mut()
        .insert("x-session-id", id.parse().unwrap());
    let stolen = body_json(app.send(steal).await).await;
    assert_eq!(stolen["carrier"], "header");
    let copy = json!({ "copy_id": stolen["copy_id"] });
    let replay = body_json(app.send(post_json("/api/lab/replay", &copy)).await).await;
    assert_eq!(replay["status"], 200, "{replay}");
    app.send(post_with("/api/session/logout", &[("x-session-id", &id)]))
        .await;
    let replay = body_json(app.send(post_json("/api/lab/replay", &copy)).await).await;
    assert_eq!(
        replay["status"], 401,
        "the state model decides: logout ended it"
    );
}
