//! The API's description (issue 21) against the router itself: every route is described and
//! every described operation is routed, with the method the description says; the document's
//! shape (3.1, references that resolve, the shared errors, the cookies the logins set); the
//! offline page with its curl lines.

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;

use crate::common::{body_json, body_text, TestApp};

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// The paths an axum router routes, read from its `Debug` (axum has no listing): each route's
/// path appears once as `RouteId(n): "/path"`.
fn router_paths(router: &axum::Router<server::AppState>) -> BTreeSet<String> {
    let debug = format!("{router:?}");
    let mut paths = BTreeSet::new();
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("RouteId(") {
        rest = &rest[at..];
        let Some(colon) = rest.find("): \"") else {
            break;
        };
        let after = &rest[colon + 4..];
        let end = after.find('"').expect("a closing quote");
        let path = &after[..end];
        // Axum's own catch-alls for fallbacks and nests are not routes.
        if !path.contains("__private__axum") {
            paths.insert(path.to_owned());
        }
        rest = &after[end..];
    }
    paths
}

/// The document's operations: path → methods.
fn operations(doc: &Value) -> BTreeMap<String, BTreeSet<&'static str>> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .map(|(path, item)| {
            let methods = METHODS
                .into_iter()
                .filter(|method| item.get(*method).is_some())
                .collect();
            (path.clone(), methods)
        })
        .collect()
}

async fn document(app: &TestApp) -> Value {
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    body_json(response).await
}

#[tokio::test]
async fn every_route_is_described_and_every_description_is_routed() {
    let app = TestApp::new().await;
    let router = server::router::routed(&app.state);
    let mut routed = router_paths(&router);
    assert!(routed.len() > 50, "the Debug reading found {routed:?}");
    for page in server::router::pages() {
        routed.remove(page.path());
    }
    for path in server::router::API_404 {
        assert!(routed.remove(path), "{path} is routed");
    }
    let doc = document(&app).await;
    let described: BTreeSet<String> = operations(&doc).into_keys().collect();
    let undescribed: Vec<_> = routed.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&routed).collect();
    assert!(
        undescribed.is_empty(),
        "routed but not described: {undescribed:?}"
    );
    assert!(
        unrouted.is_empty(),
        "described but not routed: {unrouted:?}"
    );
}

/// The described methods reach a handler (not a 404 or 405); every other method is a 405.
#[tokio::test]
async fn every_described_method_is_routed_and_no_other() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let mut checked = 0;
    for (path, methods) in operations(&doc) {
        for method in METHODS {
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&path)
                .body(Body::empty())
                .unwrap();
            let response = app.send(request).await;
            let status = response.status();
            if methods.contains(method) {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                if status == StatusCode::NOT_FOUND {
                    let body = body_text(response).await;
                    assert!(
                        !body.contains("no such API endpoint"),
                        "{method} {path}: {body}"
                    );
                }
                checked += 1;
            } else {
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            }
        }
    }
    assert!(checked > 55, "{checked} operations");
}

/// Every `$ref` names something in `components`.
fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target);
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_3_1_and_whole() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.len() > 100, "{} references", found.len());
    for target in found {
        let pointer = target.trim_start_matches('#');
        assert!(doc.pointer(pointer).is_some(), "{target} resolves");
    }
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    for scheme in [
        "session_cookie",
        "session_header",
        "bearer",
        "jwt_cookie",
        "refresh_cookie",
    ] {
        assert!(schemes.contains_key(scheme), "{scheme}");
    }
    assert_eq!(schemes["session_header"]["name"], "X-Session-Id");
    assert_eq!(schemes["jwt_cookie"]["name"], "authlab_jwt");
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{method} {path}");
            assert!(operation["tags"][0].is_string(), "{at} has a tag");
            assert!(
                operation["summary"].is_string() || operation["description"].is_string(),
                "{at} says what it does"
            );
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses
                    .keys()
                    .any(|s| s.starts_with('2') || s.starts_with('3')),
                "{at} has a success answer"
            );
            if method != "get" {
                assert!(
                    responses.contains_key("403"),
                    "{at}: the cross-origin refusal"
                );
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{at}: {status}");
                }
            }
            let schemes = operation["security"].to_string();
            // A refused credential (the shared answer, unless the operation has its own 401),
            // where a credential is required (no empty requirement, `{}`).
            let anyone = operation["security"].as_array().is_some_and(|all| {
                all.iter()
                    .any(|r| r.as_object().is_some_and(|r| r.is_empty()))
            });
            if !anyone && (schemes.contains("\"bearer\"") || schemes.contains("session_cookie")) {
                assert!(responses.contains_key("401"), "{at}: refused");
            }
        }
    }
    let me = &doc["paths"]["/api/jwt/me"]["get"]["responses"]["401"]["$ref"];
    assert_eq!(me, "#/components/responses/RefusedToken");
    // The shared refusal carries the challenge; the errors have the API's shape.
    let refused = &doc["components"]["responses"]["RefusedToken"];
    assert!(refused["headers"]["WWW-Authenticate"].is_object());
    assert_eq!(
        refused["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Refusal"
    );
    let refusal = &doc["components"]["schemas"]["Refusal"]["properties"];
    for field in ["error", "reason", "checks"] {
        assert!(refusal.get(field).is_some(), "Refusal.{field}");
    }
    // The cookies each login sets.
    for login in ["/api/session/login", "/api/jwt/login"] {
        let headers = &doc["paths"][login]["post"]["responses"]["200"]["headers"];
        assert!(headers["set-cookie"]["description"].is_string(), "{login}");
    }
}

#[tokio::test]
async fn the_page_shows_every_operation_with_its_curl_lines_and_loads_nothing_from_elsewhere() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let count: usize = operations(&doc).values().map(BTreeSet::len).sum();
    let response = app.get("/api/docs").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = body_text(response).await;
    assert_eq!(html.matches("data-testid=\"api-op\"").count(), count);
    // Offline: no script at all, and nothing fetched from another site.
    assert!(!html.contains("<script"), "no script");
    for attribute in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "@import",
    ] {
        assert!(!html.contains(attribute), "{attribute}");
    }
    // Who-am-I in each scheme: each carrier its line.
    let section = |id: &str| {
        let start = html.find(&format!("id=\"{id}\"")).expect(id);
        let end = html[start..].find("</section>").unwrap() + start;
        html[start..end].to_owned()
    };
    let session_me = section("get-api-session-me");
    assert!(session_me.contains("session · cookie"));
    assert!(session_me.contains("X-Session-Id: $SID"));
    let jwt_me = section("get-api-jwt-me");
    assert!(jwt_me.contains("Authorization: Bearer $TOKEN"));
    assert!(jwt_me.contains("JWT · cookie"));
    // The rights accept all four.
    let users = section("get-api-admin-users");
    assert_eq!(users.matches("data-testid=\"curl\"").count(), 4);
    // A form target posts a form.
    let transfer = section("post-api-session-transfer");
    assert!(
        transfer.contains("--data-urlencode &#39;to=mallory&#39;"),
        "{transfer}"
    );
}

/// For `scripts/test.sh`: writes the document where the validator reads it.
#[tokio::test]
async fn the_document_can_be_written_for_the_validator() {
    let Ok(out) = std::env::var("AUTHLAB_OPENAPI_OUT") else {
        return;
    };
    let app = TestApp::new().await;
    let doc = document(&app).await;
    std::fs::write(out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}
