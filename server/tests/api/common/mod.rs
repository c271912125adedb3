//! Helpers for the in-process HTTP tests: a fresh data directory and `app(state)` without a socket.

pub mod carrier;
pub mod jwt;
pub mod nodes;
pub mod redis;
pub mod session;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use server::base::settings::{SessionSettings, Settings};
use server::state::open_state;
use server::AppState;
use tower::ServiceExt;

pub struct TestApp {
    pub data_dir: tempfile::TempDir,
    pub state: AppState,
    pub router: Router,
}

pub fn leptos_options(site_root: &std::path::Path) -> LeptosOptions {
    let addr = server::start::config::DEFAULT_ADDR
        .parse()
        .expect("the default address");
    server::start::serve::leptos_options(site_root, addr)
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_sessions(SessionSettings::default()).await
    }

    pub async fn with_sessions(sessions: SessionSettings) -> TestApp {
        Self::with_settings(sessions).await
    }

    pub async fn with_settings(settings: impl Into<Settings>) -> TestApp {
        let data_dir = tempfile::tempdir().expect("a temporary directory");
        Self::open(data_dir, settings).await
    }

    /// Opens an app on an existing data directory, as a restarted server would.
    pub async fn open(data_dir: tempfile::TempDir, settings: impl Into<Settings>) -> TestApp {
        let state = open_state(data_dir.path(), leptos_options(data_dir.path()), settings)
            .await
            .expect("the app state opens");
        TestApp {
            router: server::app(state.clone()),
            state,
            data_dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible")
    }

    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).expect("a UTF-8 body")
}

pub async fn body_json(response: Response<Body>) -> serde_json::Value {
    let text = body_text(response).await;
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

/// The newest trace entry for `path`.
pub async fn last_entry(app: &TestApp, path: &str) -> serde_json::Value {
    let entries = body_json(app.get("/api/trace?after=0").await).await;
    entries
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|entry| entry["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("no trace of {path}: {entries}"))
}
