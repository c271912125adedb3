//! Real nodes for the multi-node tests: each its own `app(state)` (in-process, or served on a
//! loopback port when another node must reach it), and the requests they share.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::json;
use server::base::settings::{SessionSettings, SessionStoreKind, Settings};
use tower::ServiceExt;

use super::jwt::post_json;
use super::leptos_options;
use super::session::session_cookie;

/// A node named `name` on `dir` with the given session store (and Redis URL for `redis`).
pub async fn node(dir: &Path, name: &str, store: SessionStoreKind, redis_url: &str) -> Router {
    let settings = Settings {
        sessions: SessionSettings {
            store,
            redis_url: redis_url.to_owned(),
            // Nodes may share a data directory: no node keeps a copy (as make nodes runs them).
            memory_copy: false,
            ..SessionSettings::default()
        },
        node: name.parse().unwrap(),
        ..Settings::default()
    };
    let state = server::state::open_state(dir, leptos_options(dir), settings)
        .await
        .expect("the node starts");
    server::app(state)
}

/// A node with a memory session store that passes `/node/<peer>/…` to `peers` (`b=http://…`).
pub async fn node_with_peers(dir: &Path, name: &str, peers: &[String]) -> Router {
    let settings = Settings {
        sessions: SessionSettings {
            store: SessionStoreKind::Memory,
            ..SessionSettings::default()
        },
        node: name.parse().unwrap(),
        peers: peers.iter().map(|peer| peer.parse().unwrap()).collect(),
        ..Settings::default()
    };
    let state = server::state::open_state(dir, leptos_options(dir), settings)
        .await
        .expect("the node starts");
    server::app(state)
}

pub async fn send(node: &Router, request: Request<Body>) -> axum::response::Response {
    node.clone().oneshot(request).await.unwrap()
}

/// The status `node` answers `request` with.
pub async fn status(node: &Router, request: Request<Body>) -> StatusCode {
    send(node, request).await.status()
}

/// Logs alice in with a session; returns the cookie.
pub async fn log_in(node: &Router) -> String {
    let body = json!({ "username": "alice", "password": "wonderland" });
    let response = send(node, post_json("/api/session/login", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).expect("login sets the session cookie")
}

/// Logs alice in with JWTs; returns (access token, refresh token).
pub async fn jwt_pair(node: &Router) -> (String, String) {
    let body = json!({ "username": "alice", "password": "wonderland" });
    let pair = super::body_json(send(node, post_json("/api/jwt/login", &body)).await).await;
    (
        pair["access_token"].as_str().unwrap().to_owned(),
        pair["refresh_token"].as_str().unwrap().to_owned(),
    )
}

/// Two "machines": each node its own data directory, both copied from one seeded start, so they
/// share the users and the signing key but not a SQLite file.
pub async fn two_machines() -> (tempfile::TempDir, tempfile::TempDir) {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else if let Err(err) = std::fs::copy(entry.path(), &target) {
                // The closing pool's last connection removes the -wal and -shm files, and its
                // worker thread may still be doing so: a file gone meanwhile is not needed.
                assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
            }
        }
    }
    let first = tempfile::tempdir().unwrap();
    let seeded = server::state::open_state(
        first.path(),
        leptos_options(first.path()),
        Settings::default(),
    )
    .await
    .expect("the seed node starts");
    seeded.accounts.pool().close().await;
    drop(seeded);
    // The last connection checkpoints the WAL into the database and removes it, on its own
    // worker thread, possibly after `close` returned: copy only once it has.
    let wal = first
        .path()
        .join(format!("{}-wal", server::base::db::DB_FILE));
    for _ in 0..500 {
        if !wal.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let second = tempfile::tempdir().unwrap();
    copy_dir(first.path(), second.path());
    (first, second)
}

/// Serves `router` on a free loopback port, as a real node; returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    format!("http://{addr}")
}
