//! Rights that change under live credentials: the admin API (admins only, read from the users
//! table, behind the origin check), a role change and a disabled account as each scheme sees
//! them with and without the lab's fixes, and a password change.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};

use crate::common::jwt::{assert_refused, bearer, log_in, me, post_json, refresh, ALICE, BOB};
use crate::common::session::{session_cookie, with_cookie};
use crate::common::{body_json, TestApp};

/// A JSON POST carrying `token` as `Authorization: Bearer`.
fn bearer_post(uri: &str, token: &str, body: &Value) -> Request<Body> {
    let mut request = post_json(uri, body);
    request.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    request
}

/// Bob's access token: the admin console's credential.
async fn bob(app: &TestApp) -> String {
    log_in(app, BOB).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn session_login(app: &TestApp, user: (&str, &str)) -> String {
    let body = json!({ "username": user.0, "password": user.1 });
    let response = app.send(post_json("/api/session/login", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).unwrap()
}

async fn switch(app: &TestApp, name: &str) {
    let response = app
        .send(post_json(
            "/api/lab/switch",
            &json!({ "name": name, "on": true }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "switch {name}");
}

async fn change(app: &TestApp, admin: &str, what: &str, body: Value) -> Value {
    let response = app
        .send(bearer_post(
            &format!("/api/admin/users/{what}"),
            admin,
            &body,
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{what} {body}");
    body_json(response).await
}

async fn session_role(app: &TestApp, cookie: &str) -> (StatusCode, Value) {
    let response = app
        .send(with_cookie("GET", "/api/session/me", cookie))
        .await;
    let status = response.status();
    (status, body_json(response).await["user"]["role"].clone())
}

#[tokio::test]
async fn only_an_admin_of_the_users_table_may_list_or_change_users_and_never_cross_site() {
    let app = TestApp::new().await;
    let anonymous = app.send(bearer("GET", "/api/admin/users", "x")).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let nobody = app
        .send(
            Request::get("/api/admin/users")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
    let alice = log_in(&app, ALICE).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = app.send(bearer("GET", "/api/admin/users", &alice)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body = json!({ "username": "alice", "role": "admin" });
    let promoted = app
        .send(bearer_post("/api/admin/users/role", &alice, &body))
        .await;
    assert_eq!(
        promoted.status(),
        StatusCode::FORBIDDEN,
        "alice cannot promote herself"
    );

    let admin = bob(&app).await;
    let list = body_json(app.send(bearer("GET", "/api/admin/users", &admin)).await).await;
    assert_eq!(list["caller"], "bob by Authorization: Bearer");
    assert_eq!(list["users"].as_array().unwrap().len(), 2);
    // Bob by his session cookie too.
    let cookie = session_login(&app, BOB).await;
    let by_session = app
        .send(with_cookie("GET", "/api/admin/users", &cookie))
        .await;
    assert_eq!(
        body_json(by_session).await["caller"],
        "bob by the session cookie"
    );

    // Another site's request is refused by the origin check before any handler runs.
    let mut cross = bearer_post("/api/admin/users/role", &admin, &body);
    cross
        .headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    cross
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(cross).await.status(), StatusCode::FORBIDDEN);
    // Malformed input is a 4xx with a JSON error; an unknown user a 404.
    let mut garbled = bearer_post("/api/admin/users/role", &admin, &json!({}));
    *garbled.body_mut() = Body::from("{\"username\":");
    let garbled = app.send(garbled).await;
    assert!(garbled.status().is_client_error());
    assert!(body_json(garbled).await["error"].is_string());
    let unknown = json!({ "username": "mallory", "role": "admin" });
    let unknown = app
        .send(bearer_post("/api/admin/users/role", &admin, &unknown))
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let list = body_json(app.send(bearer("GET", "/api/admin/users", &admin)).await).await;
    assert_eq!(list["users"][0]["role"], "user", "alice was never promoted");
}

#[tokio::test]
async fn a_new_role_is_stale_in_both_schemes_until_a_refresh_or_a_fix() {
    let app = TestApp::new().await;
    let cookie = session_login(&app, ALICE).await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let admin = bob(&app).await;

    let answer = change(
        &app,
        &admin,
        "role",
        json!({ "username": "alice", "role": "admin" }),
    )
    .await;
    assert_eq!(answer["user"]["role"], "admin");
    assert_eq!(answer["user"]["rights_version"], 2);
    assert_eq!(answer["user"]["session_roles"], json!(["user"]), "{answer}");
    assert!(
        answer["sessions"].as_str().unwrap().contains("stale"),
        "{answer}"
    );

    // Both credentials still carry the rights they were made with.
    assert_eq!(
        session_role(&app, &cookie).await,
        (StatusCode::OK, json!("user"))
    );
    let claims = body_json(me(&app, access).await).await;
    assert_eq!(claims["claims"]["role"], "user");
    // A refresh re-reads the user.
    let next = body_json(refresh(&app, pair["refresh_token"].as_str().unwrap()).await).await;
    let fresh = next["access_token"].as_str().unwrap();
    let claims = body_json(me(&app, fresh).await).await;
    assert_eq!(claims["claims"]["role"], "admin");
    assert_eq!(claims["claims"]["rights_version"], 2);

    // The fixes: the session re-reads the user, the per-user check refuses the old token.
    switch(&app, "session-load-user").await;
    assert_eq!(
        session_role(&app, &cookie).await,
        (StatusCode::OK, json!("admin"))
    );
    switch(&app, "jwt-user-check").await;
    let stale = assert_refused(me(&app, access).await, "rights_changed").await;
    assert!(
        stale["error"]
            .as_str()
            .unwrap()
            .contains("role set to admin"),
        "{stale}"
    );
    assert_eq!(me(&app, fresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_ends_its_sessions_with_the_fix_and_cannot_refresh_or_log_in() {
    let app = TestApp::new().await;
    let cookie = session_login(&app, ALICE).await;
    let pair = log_in(&app, ALICE).await;
    let admin = bob(&app).await;
    switch(&app, "session-update-at-change").await;

    let answer = change(
        &app,
        &admin,
        "disable",
        json!({ "username": "alice", "disabled": true }),
    )
    .await;
    assert!(
        answer["sessions"]
            .as_str()
            .unwrap()
            .contains("1 live session ended"),
        "{answer}"
    );
    assert_eq!(
        session_role(&app, &cookie).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The access token rides on until exp: nothing looks the user up.
    assert_eq!(
        me(&app, pair["access_token"].as_str().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    let refused = refresh(&app, pair["refresh_token"].as_str().unwrap()).await;
    assert_refused(refused, "account_disabled").await;
    // A disabled account's login answers exactly like a wrong password.
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login = app.send(post_json("/api/session/login", &body)).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let wrong = json!({ "username": "alice", "password": "wrong-password" });
    let wrong = app.send(post_json("/api/session/login", &wrong)).await;
    assert_eq!(body_json(login).await, body_json(wrong).await);
    // An admin cannot lock themselves out; enabling lets alice back in.
    let own = json!({ "username": "bob", "disabled": true });
    let own = app
        .send(bearer_post("/api/admin/users/disable", &admin, &own))
        .await;
    assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
    change(
        &app,
        &admin,
        "disable",
        json!({ "username": "alice", "disabled": false }),
    )
    .await;
    session_login(&app, ALICE).await;
}

#[tokio::test]
async fn a_password_change_ends_every_session_and_family_but_not_the_access_tokens_out() {
    let app = TestApp::new().await;
    let cookie = session_login(&app, ALICE).await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let wrong = json!({ "current_password": "nope", "new_password": "through the looking glass" });
    let wrong = app
        .send(bearer_post("/api/account/password", access, &wrong))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let short = json!({ "current_password": "wonderland", "new_password": "short" });
    let short = app
        .send(bearer_post("/api/account/password", access, &short))
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let body =
        json!({ "current_password": "wonderland", "new_password": "through the looking glass" });
    let changed = app
        .send(bearer_post("/api/account/password", access, &body))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let answer = body_json(changed).await;
    assert!(
        answer["tokens"]
            .as_str()
            .unwrap()
            .contains("1 refresh family revoked"),
        "{answer}"
    );
    assert_eq!(
        session_role(&app, &cookie).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_refused(
        refresh(&app, pair["refresh_token"].as_str().unwrap()).await,
        "family_revoked",
    )
    .await;
    assert_eq!(
        me(&app, access).await.status(),
        StatusCode::OK,
        "until its exp"
    );
    log_in(&app, ("alice", "through the looking glass")).await;
}

#[tokio::test]
async fn with_the_deny_fix_a_change_puts_the_outstanding_access_token_on_the_denylist() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let admin = bob(&app).await;
    switch(&app, "jwt-deny-at-change").await;
    let answer = change(
        &app,
        &admin,
        "role",
        json!({ "username": "alice", "role": "admin" }),
    )
    .await;
    assert!(
        answer["tokens"]
            .as_str()
            .unwrap()
            .contains("1 outstanding access token put on the denylist"),
        "{answer}"
    );
    assert_refused(
        me(&app, pair["access_token"].as_str().unwrap()).await,
        "revoked",
    )
    .await;
}

#[tokio::test]
async fn the_short_access_fix_signs_thirty_second_tokens() {
    let app = TestApp::new().await;
    switch(&app, "jwt-short-access").await;
    let pair = log_in(&app, ALICE).await;
    assert_eq!(pair["expires_in"], 30);
}
