//! Every browser its own lab: the page hands out a lab id; a clock advance or a switch in one
//! lab leaves every other lab — and the server's own, for requests without an id — unchanged.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body_json, TestApp};
use serde_json::{json, Value};

fn with_lab(method: &str, uri: &str, lab: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(lab) = lab {
        request = request.header(header::COOKIE, format!("authlab_lab={lab}"));
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

async fn view(app: &TestApp, lab: Option<&str>) -> Value {
    body_json(app.send(with_lab("GET", "/api/lab", lab, None)).await).await
}

#[tokio::test]
async fn a_page_load_hands_out_a_lab_id_and_each_lab_moves_alone() {
    let app = TestApp::new().await;
    let page = app
        .send(
            Request::get("/")
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let cookie = page
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("authlab_lab="))
        .expect("the page hands out a lab id");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=None")
            && cookie.contains("Secure")
    );
    let a = cookie["authlab_lab=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let b = "BBBBBBBBBBBBBBBBBBBBBB";

    let moved = app
        .send(with_lab(
            "POST",
            "/api/lab/clock",
            Some(&a),
            Some(json!({ "advance_minutes": 31 })),
        ))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let switched = app
        .send(with_lab(
            "POST",
            "/api/lab/switch",
            Some(&a),
            Some(json!({ "name": "samesite-none", "on": true })),
        ))
        .await;
    assert_eq!(
        switched.status(),
        StatusCode::OK,
        "{}",
        body_json(switched).await
    );

    let mine = view(&app, Some(&a)).await;
    assert_eq!(mine["clock_offset_seconds"], 1860);
    assert_eq!(mine["samesite_none"], true);
    for other in [view(&app, Some(b)).await, view(&app, None).await] {
        assert_eq!(other["clock_offset_seconds"], 0, "{other}");
        assert_eq!(other["samesite_none"], false, "{other}");
    }

    // A session in lab a times out on a's clock only.
    let login = json!({ "username": "alice", "password": "wonderland" });
    let answer = app
        .send(with_lab("POST", "/api/session/login", Some(b), Some(login)))
        .await;
    let session = common::session::session_cookie(&answer).unwrap();
    let me = |lab: &str| {
        Request::get("/api/session/me")
            .header(header::COOKIE, format!("{session}; authlab_lab={lab}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(me(b)).await.status(), StatusCode::OK);
    assert_eq!(
        app.send(me(&a)).await.status(),
        StatusCode::UNAUTHORIZED,
        "31 minutes later in a"
    );

    // Reset in a: a's lab is back to now and secure; nothing else changed.
    let reset = app
        .send(with_lab(
            "POST",
            "/api/lab/reset",
            Some(&a),
            Some(json!({})),
        ))
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    let mine = view(&app, Some(&a)).await;
    assert_eq!(mine["clock_offset_seconds"], 0);
    assert_eq!(mine["samesite_none"], false);
    // A request that already carries an id gets no new one.
    let again = app
        .send(
            Request::get("/")
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, format!("authlab_lab={a}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(again.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_copy_stolen_in_one_lab_replays_only_there_and_each_lab_sees_its_own_trace() {
    let app = TestApp::new().await;
    let (a, b) = ("AAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBB");
    let login = json!({ "username": "alice", "password": "wonderland" });
    let answer = app
        .send(with_lab("POST", "/api/session/login", Some(a), Some(login)))
        .await;
    let session = common::session::session_cookie(&answer).unwrap();
    let steal = Request::post("/api/lab/steal")
        .header(header::COOKIE, format!("{session}; authlab_lab={a}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "scheme": "session" }).to_string()))
        .unwrap();
    let stolen = body_json(app.send(steal).await).await;
    let copy = json!({ "copy_id": stolen["copy_id"] });
    let mine = app
        .send(with_lab(
            "POST",
            "/api/lab/replay",
            Some(a),
            Some(copy.clone()),
        ))
        .await;
    assert_eq!(mine.status(), StatusCode::OK);
    let theirs = app
        .send(with_lab("POST", "/api/lab/replay", Some(b), Some(copy)))
        .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "another lab's copy");

    let paths = |trace: Value| -> Vec<String> {
        trace
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["path"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let traced_a =
        paths(body_json(app.send(with_lab("GET", "/api/trace", Some(a), None)).await).await);
    assert!(
        traced_a.iter().any(|p| p == "/api/lab/steal"),
        "{traced_a:?}"
    );
    let traced_b =
        paths(body_json(app.send(with_lab("GET", "/api/trace", Some(b), None)).await).await);
    assert!(
        !traced_b.iter().any(|p| p == "/api/lab/steal"),
        "{traced_b:?}"
    );
    assert!(
        traced_b.iter().any(|p| p == "/api/lab/replay"),
        "b's own request: {traced_b:?}"
    );
    let traced_server =
        paths(body_json(app.send(with_lab("GET", "/api/trace", None, None)).await).await);
    assert!(traced_server
        .iter()
        .all(|p| p != "/api/lab/steal" && p != "/api/lab/replay"));
}
