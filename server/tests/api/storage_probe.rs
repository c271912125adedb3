//! In-process tests of the storage lab's probes: the probe cookie, the reports of a new tab and
//! of another site, and clear errors for bad nonces and queries.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::jwt::post_json;
use common::{body_json, TestApp};
use serde_json::json;

const NONCE: &str = "abcdefghijklmnop1234";

fn get(uri: &str, cookie: Option<&str>, site: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(site) = site {
        request = request.header("sec-fetch-site", site);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_probe_cookie_and_both_reports_are_measured_not_assumed() {
    let app = TestApp::new().await;
    let planted = app
        .send(post_json("/api/lab/probe", &json!({ "nonce": NONCE })))
        .await;
    assert_eq!(planted.status(), StatusCode::OK);
    let set_cookie = planted.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.starts_with(&format!("authlab_probe={NONCE};")),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    let cookie = format!("authlab_probe={NONCE}");

    let with = body_json(
        app.send(get(
            &format!("/api/lab/probe?nonce={NONCE}"),
            Some(&cookie),
            None,
        ))
        .await,
    )
    .await;
    assert_eq!(with["cookie"], true);
    let without = body_json(app.get(&format!("/api/lab/probe?nonce={NONCE}")).await).await;
    assert_eq!(without["cookie"], false);
    assert_eq!(without["tab"], json!(null));

    let tab = app
        .send(get(
            &format!("/api/lab/probe/report?nonce={NONCE}&from=tab&local=true&session=false"),
            Some(&cookie),
            Some("same-origin"),
        ))
        .await;
    assert_eq!(tab.status(), StatusCode::NO_CONTENT);
    let cross = app
        .send(get(
            &format!("/api/lab/probe/report?nonce={NONCE}&from=cross-site"),
            None,
            Some("cross-site"),
        ))
        .await;
    assert_eq!(cross.status(), StatusCode::NO_CONTENT);
    let view = body_json(app.get(&format!("/api/lab/probe?nonce={NONCE}")).await).await;
    assert_eq!(
        view["tab"],
        json!({ "cookie": true, "authorization": false, "session_cookie": false, "jwt_cookie": false, "session_header": false,
                "local": true, "session": false, "site": "same-origin" })
    );
    assert_eq!(view["cross_site"]["cookie"], false);
    assert_eq!(view["cross_site"]["site"], "cross-site");

    // The new tab's page is same-origin HTML that reports and closes.
    let page = app.get("/api/lab/probe/tab?nonce=x").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(common::body_text(page)
        .await
        .contains("/api/lab/probe/report?"));

    // Reset forgets the reports.
    app.send(post_json("/api/lab/reset", &json!({}))).await;
    let view = body_json(app.get(&format!("/api/lab/probe?nonce={NONCE}")).await).await;
    assert_eq!(view["tab"], json!(null));
}

#[tokio::test]
async fn the_report_names_the_credential_cookies_that_came_along_never_their_values() {
    let app = TestApp::new().await;
    let cookies = "authlab_session=s1; authlab_jwt=a.b.c; authlab_probe=abcdefghijklmnop1234";
    let report = app
        .send(get(
            &format!("/api/lab/probe/report?nonce={NONCE}&from=cross-site"),
            Some(cookies),
            Some("cross-site"),
        ))
        .await;
    assert_eq!(report.status(), StatusCode::NO_CONTENT);
    let view = body_json(app.get(&format!("/api/lab/probe?nonce={NONCE}")).await).await;
    let cross = &view["cross_site"];
    assert_eq!(
        (
            &cross["session_cookie"],
            &cross["jwt_cookie"],
            &cross["cookie"]
        ),
        (&json!(true), &json!(true), &json!(true))
    );
    assert!(!view.to_string().contains("a.b.c"), "{view}");

    let bare = format!("/api/lab/probe/report?nonce={NONCE}&from=tab");
    app.send(get(&bare, Some("authlab_session=s1"), None)).await;
    let view = body_json(app.get(&format!("/api/lab/probe?nonce={NONCE}")).await).await;
    assert_eq!(
        (&view["tab"]["session_cookie"], &view["tab"]["jwt_cookie"]),
        (&json!(true), &json!(false))
    );
}

#[tokio::test]
async fn the_samesite_switch_applies_to_the_probe_cookie_too() {
    let app = TestApp::new().await;
    app.send(post_json(
        "/api/lab/switch",
        &json!({ "name": "samesite-none", "on": true }),
    ))
    .await;
    let planted = app
        .send(post_json("/api/lab/probe", &json!({ "nonce": NONCE })))
        .await;
    let set_cookie = planted.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.contains("SameSite=None; Secure"), "{set_cookie}");
}

#[tokio::test]
async fn bad_nonces_and_queries_get_json_errors() {
    let app = TestApp::new().await;
    for (request, status) in [
        (
            post_json("/api/lab/probe", &json!({ "nonce": "short" })),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            post_json(
                "/api/lab/probe",
                &json!({ "nonce": "abcdefghijklmnop; Domain=x" }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (get("/api/lab/probe", None, None), StatusCode::BAD_REQUEST),
        (
            get(
                &format!("/api/lab/probe/report?nonce={NONCE}&from=moon"),
                None,
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            get(
                &format!("/api/lab/probe/report?nonce={NONCE}&from=tab&local=maybe"),
                None,
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            get("/api/trace?after=soon", None, None),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let uri = request.uri().to_string();
        let response = app.send(request).await;
        assert_eq!(response.status(), status, "{uri}");
        assert!(body_json(response).await["error"].is_string(), "{uri}");
    }
}
