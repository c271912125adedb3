//! The room: the presenter's endpoints answer the presenter's key only; the room counts what
//! each attendee's lab saw; "follow me" sends the presenter's step to every other page's trace
//! stream, and to nobody while it is off.

use std::time::Duration;

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use common::{body_json, body_text, TestApp};
use http_body_util::BodyExt;
use serde_json::{json, Value};

const ATTENDEE_A: &str = "AAAAAAAAAAAAAAAAAAAAAA";
const ATTENDEE_B: &str = "BBBBBBBBBBBBBBBBBBBBBB";
const PRESENTER_LAB: &str = "PPPPPPPPPPPPPPPPPPPPPP";

fn key(app: &TestApp) -> String {
    std::fs::read_to_string(app.data_dir.path().join("secrets/presenter.key")).unwrap()
}

/// A request in `lab`, with more cookies and headers as given.
fn request(
    method: &str,
    uri: &str,
    lab: &str,
    cookies: &str,
    extra: Option<(header::HeaderName, String)>,
    body: Option<Value>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, format!("authlab_lab={lab}; {cookies}"));
    if let Some((name, value)) = extra {
        builder = builder.header(name, value);
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

fn presenter_cookie(app: &TestApp) -> String {
    format!("authlab_presenter={}", key(app))
}

async fn report(app: &TestApp, lab: &str, cookies: &str, guide: usize, slide: usize) -> Value {
    let at = json!({ "guide": guide, "slide": slide });
    let answer = app
        .send(request(
            "POST",
            "/api/room/at",
            lab,
            cookies,
            None,
            Some(at),
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    body_json(answer).await
}

/// `GET /api/room`, as the presenter.
async fn room_view(app: &TestApp) -> Value {
    let presenter = presenter_cookie(app);
    let answer = app
        .send(request(
            "GET",
            "/api/room",
            PRESENTER_LAB,
            &presenter,
            None,
            None,
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    body_json(answer).await
}

async fn set_following(app: &TestApp, on: bool) -> Response<Body> {
    app.send(
        Request::post("/room/follow")
            .header(header::COOKIE, presenter_cookie(app))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("on={on}")))
            .unwrap(),
    )
    .await
}

/// The next event on a stream that is not a trace entry (`None`: none within `wait`).
async fn next_room_event(body: &mut Body, wait: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .ok()??;
        let text = String::from_utf8(frame.ok()?.into_data().ok()?.to_vec()).ok()?;
        if !text.starts_with("event: trace") {
            return Some(text);
        }
    }
}

#[tokio::test]
async fn the_room_is_the_presenters_only() {
    let app = TestApp::new().await;
    let key = key(&app);
    assert!(key.len() >= 43, "a 256-bit key");

    let refused = app.get("/api/room").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(body_json(refused).await["error"]
        .as_str()
        .unwrap()
        .contains("presenter"));
    let wrong_cookie = app
        .send(request(
            "GET",
            "/api/room",
            ATTENDEE_A,
            "authlab_presenter=guess",
            None,
            None,
        ))
        .await;
    assert_eq!(wrong_cookie.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/room").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/room?key=guess").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(set_following_as(&app, "").await, StatusCode::FORBIDDEN);

    // The printed link: a cookie, and the key out of the address bar.
    let link = app.get(&format!("/room?key={key}")).await;
    assert_eq!(link.status(), StatusCode::SEE_OTHER);
    assert_eq!(link.headers()[header::LOCATION], "/room");
    let cookie = link.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with(&format!("authlab_presenter={key};")));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

    let page = app
        .send(request(
            "GET",
            "/room",
            PRESENTER_LAB,
            &presenter_cookie(&app),
            None,
            None,
        ))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(
        html.contains("The room") && html.contains("Follow me: off"),
        "{html}"
    );
    assert_eq!(
        set_following(&app, true).await.status(),
        StatusCode::SEE_OTHER
    );

    // Bad reports: a clear 4xx, nothing kept.
    for bad in [
        json!({ "guide": 99, "slide": 0 }),
        json!({ "guide": 0, "slide": 99 }),
    ] {
        let answer = app
            .send(request(
                "POST",
                "/api/room/at",
                ATTENDEE_A,
                "",
                None,
                Some(bad),
            ))
            .await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body_json(answer).await["error"].is_string());
    }
    let malformed = app
        .send(
            Request::post("/api/room/at")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"guide\":"))
                .unwrap(),
        )
        .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    // An attendee's report answers no summary: that is the presenter's.
    assert_eq!(report(&app, ATTENDEE_A, "", 0, 1).await, json!({}));
}

async fn set_following_as(app: &TestApp, cookies: &str) -> StatusCode {
    app.send(
        Request::post("/room/follow")
            .header(header::COOKIE, cookies)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("on=true"))
            .unwrap(),
    )
    .await
    .status()
}

#[tokio::test]
async fn the_room_counts_what_each_attendee_saw() {
    let app = TestApp::new().await;
    let presenter = presenter_cookie(&app);
    // Attendee a: logs in both ways, both copies are stolen, logs out, replays both.
    let login = json!({ "username": "alice", "password": "wonderland" });
    let session = app
        .send(request(
            "POST",
            "/api/session/login",
            ATTENDEE_A,
            "",
            None,
            Some(login.clone()),
        ))
        .await;
    let session_cookie = common::session::session_cookie(&session).unwrap();
    let pair = body_json(
        app.send(request(
            "POST",
            "/api/jwt/login",
            ATTENDEE_A,
            "",
            None,
            Some(login),
        ))
        .await,
    )
    .await;
    let access = pair["access_token"].as_str().unwrap();
    let steal = |scheme: &str, cookies: &str, extra| {
        request(
            "POST",
            "/api/lab/steal",
            ATTENDEE_A,
            cookies,
            extra,
            Some(json!({ "scheme": scheme })),
        )
    };
    let jwt_copy = body_json(
        app.send(steal(
            "jwt",
            "",
            Some((header::AUTHORIZATION, format!("Bearer {access}"))),
        ))
        .await,
    )
    .await["copy_id"]
        .clone();
    let session_copy =
        body_json(app.send(steal("session", &session_cookie, None)).await).await["copy_id"].clone();
    let out = app
        .send(request(
            "POST",
            "/api/session/logout",
            ATTENDEE_A,
            &session_cookie,
            None,
            Some(json!({})),
        ))
        .await;
    assert_eq!(out.status(), StatusCode::OK);
    let out = app
        .send(request(
            "POST",
            "/api/jwt/logout",
            ATTENDEE_A,
            "",
            None,
            Some(json!({ "refresh_token": pair["refresh_token"] })),
        ))
        .await;
    assert!(out.status().is_success());
    for copy in [jwt_copy, session_copy] {
        let replayed = app
            .send(request(
                "POST",
                "/api/lab/replay",
                ATTENDEE_A,
                "",
                None,
                Some(json!({ "copy_id": copy })),
            ))
            .await;
        assert_eq!(replayed.status(), StatusCode::OK);
    }
    // Attendee b: only opens the first guide.
    report(&app, ATTENDEE_B, "", 0, 0).await;
    // The presenter is on the first guide's first slide; the presenter is no attendee.
    let answer = report(&app, PRESENTER_LAB, &presenter, 0, 0).await;
    assert_eq!(
        answer["summary"],
        "1 of 2 saw the JWT replay succeed after logout · 1 of 2 saw the session replay refused after logout · 1 of 2 on this slide"
    );

    let room = room_view(&app).await;
    assert_eq!(room["attendees"], 2, "{room}");
    assert_eq!(room["connected"], 0, "no stream is open");
    let seats = room["seats"].as_array().unwrap();
    let saw: Vec<_> = seats
        .iter()
        .map(|seat| {
            (
                seat["session_replay_after_logout"].clone(),
                seat["jwt_replay_after_logout"].clone(),
            )
        })
        .collect();
    assert!(saw.contains(&(json!(401), json!(200))), "{room}");
    assert!(saw.contains(&(Value::Null, Value::Null)), "{room}");
    assert!(
        seats
            .iter()
            .all(|seat| seat["attendee"].as_str().unwrap().len() == 6),
        "attendees are named by a hash, never their lab id: {room}"
    );
    assert!(!room.to_string().contains(ATTENDEE_A));

    // A reset clears what a saw.
    app.send(request(
        "POST",
        "/api/lab/reset",
        ATTENDEE_A,
        "",
        None,
        Some(json!({})),
    ))
    .await;
    let answer = report(&app, PRESENTER_LAB, &presenter, 0, 1).await;
    assert!(answer["summary"]
        .as_str()
        .unwrap()
        .starts_with("0 of 2 saw the JWT replay succeed"));
}

#[tokio::test]
async fn follow_me_moves_every_other_page_to_the_presenters_step() {
    let app = TestApp::new().await;
    let presenter = presenter_cookie(&app);
    let open = |lab: &'static str| {
        let app = &app;
        async move {
            let stream = app
                .send(request("GET", "/api/trace/stream", lab, "", None, None))
                .await;
            assert_eq!(stream.status(), StatusCode::OK);
            stream.into_body()
        }
    };
    // The presenter's page reports first: its lab is then the presenter's.
    report(&app, PRESENTER_LAB, &presenter, 5, 1).await;
    let mut attendee = open(ATTENDEE_A).await;
    let mut own = open(PRESENTER_LAB).await;
    let room = room_view(&app).await;
    assert_eq!(room["connected"], 1, "the attendee's stream: {room}");

    // Off: a step moves nobody.
    report(&app, PRESENTER_LAB, &presenter, 5, 2).await;
    let quiet = Duration::from_millis(300);
    assert_eq!(next_room_event(&mut attendee, quiet).await, None);

    // On: the attendee goes to the presenter's step at once, then at every step.
    assert_eq!(
        set_following(&app, true).await.status(),
        StatusCode::SEE_OTHER
    );
    let wait = Duration::from_secs(5);
    let event = next_room_event(&mut attendee, wait)
        .await
        .expect("a follow event");
    assert_eq!(event, "event: follow\ndata: {\"guide\":5,\"slide\":2}\n\n");
    report(&app, PRESENTER_LAB, &presenter, 5, 3).await;
    let event = next_room_event(&mut attendee, wait)
        .await
        .expect("the next step");
    assert!(event.contains("\"slide\":3"), "{event}");
    // An attendee's own step moves nobody; the presenter's page does not follow itself.
    report(&app, ATTENDEE_A, "", 2, 0).await;
    assert_eq!(next_room_event(&mut own, quiet).await, None);

    // A page opened while following starts at the presenter's step.
    let mut late = open(ATTENDEE_B).await;
    let event = next_room_event(&mut late, wait)
        .await
        .expect("the current step");
    assert!(event.contains("\"slide\":3"), "{event}");

    assert_eq!(
        set_following(&app, false).await.status(),
        StatusCode::SEE_OTHER
    );
    report(&app, PRESENTER_LAB, &presenter, 5, 4).await;
    assert_eq!(next_room_event(&mut attendee, quiet).await, None);
}
