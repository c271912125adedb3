//! Micro-benchmarks of the hot paths: verify an access token (HS256, EdDSA), look up a session
//! (memory, SQLite), and the page's own token decoder. Run by `make bench`.

use app::api::jwt::AccessClaims;
use app::demo::Role;
use divan::Bencher;
use server::base::settings::{JwtAlgorithm, JwtSettings, SessionStoreKind};
use server::jwt_auth::issue::{issue, Subject};
use server::jwt_auth::keys::Keyring;
use server::jwt_auth::verify::Verifier;
use server::kit::checks::Checks;
use server::session_auth::store::LabStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

/// The allocator the server binary runs with, so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A keyring for `alg` in a fresh data directory, and a token it signed.
fn signed_token(alg: JwtAlgorithm) -> (tempfile::TempDir, Keyring, String) {
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (keys, token) = runtime().block_on(async {
        let db = server::base::db::open(dir.path()).await.unwrap();
        let keys = Keyring::open(&db, dir.path(), alg, now).await.unwrap();
        let subject = Subject {
            username: "alice",
            role: Role::User,
            rights_version: 1,
            family_id: "bench-family",
            family_expires_at: now + 3600,
        };
        let settings = JwtSettings::default();
        let ttl = settings.access_ttl.whole_seconds();
        let issued = issue(&keys.current(), &settings, &subject, now, ttl).unwrap();
        (keys, issued.pair.access_token)
    });
    (dir, keys, token)
}

#[divan::bench(args = [JwtAlgorithm::Hs256, JwtAlgorithm::EdDsa])]
fn verify_access_token(bencher: Bencher, alg: JwtAlgorithm) {
    let (_dir, keys, token) = signed_token(alg);
    let key = keys.current();
    let settings = JwtSettings::default();
    bencher.bench_local(|| {
        let verifier = Verifier {
            key: &key,
            settings: &settings,
            now: time::OffsetDateTime::now_utc().unix_timestamp(),
        };
        let mut checks = Checks::default();
        verifier
            .verify::<AccessClaims>(divan::black_box(&token), &mut checks, true)
            .expect("the token verifies")
    });
}

#[divan::bench(args = [SessionStoreKind::Memory, SessionStoreKind::Sqlite])]
fn look_up_session(bencher: Bencher, kind: SessionStoreKind) {
    look_up(bencher, kind, false);
}

/// SQLite behind its memory copy (the default for a process alone with its data directory).
#[divan::bench]
fn look_up_session_sqlite_with_memory_copy(bencher: Bencher) {
    look_up(bencher, SessionStoreKind::Sqlite, true);
}

fn look_up(bencher: Bencher, kind: SessionStoreKind, memory_copy: bool) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let (store, id) = rt.block_on(async {
        let db = server::base::db::open(dir.path()).await.unwrap();
        let store = LabStore::open(kind, &db, memory_copy).await.unwrap();
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        (store, record.id)
    });
    bencher.bench_local(|| {
        rt.block_on(store.load(divan::black_box(&id)))
            .unwrap()
            .expect("a hit")
    });
}

#[divan::bench]
fn decode_token_in_the_page(bencher: Bencher) {
    let (_dir, _keys, token) = signed_token(JwtAlgorithm::Hs256);
    bencher.bench_local(|| app::jwt_decode::decode(divan::black_box(&token)));
}

/// A whole request through the app, in-process (no socket, no load tool): what the server
/// itself spends on the baseline and on each scheme's "who am I".
/// `?denylist` keeps the denylist lookup on (the app's default); plain `/api/jwt/me` turns it off.
#[divan::bench(args = ["/api/health", "/api/session/me", "/api/jwt/me", "/api/jwt/me?denylist"])]
fn whole_request(bencher: Bencher, path: &str) {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let (app, cookie, token) = rt.block_on(async {
        let addr = server::start::config::DEFAULT_ADDR.parse().unwrap();
        let options = server::start::serve::leptos_options(dir.path(), addr);
        let settings = server::base::settings::Settings {
            sessions: server::base::settings::SessionSettings {
                store: SessionStoreKind::Memory,
                ..Default::default()
            },
            ..Default::default()
        };
        let state = server::state::open_state(dir.path(), options, settings)
            .await
            .unwrap();
        let app = server::app(state);
        let login = |path: &str| {
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"username":"alice","password":"wonderland"}"#,
                ))
                .unwrap()
        };
        let session = app
            .clone()
            .oneshot(login("/api/session/login"))
            .await
            .unwrap();
        let cookie = session.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let jwt = app.clone().oneshot(login("/api/jwt/login")).await.unwrap();
        let body = http_body_util::BodyExt::collect(jwt.into_body())
            .await
            .unwrap()
            .to_bytes();
        let pair: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let token = pair["access_token"].as_str().unwrap().to_owned();
        if !path.ends_with("?denylist") {
            let off = Request::post("/api/jwt/denylist")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"enabled":false}"#))
                .unwrap();
            assert!(app
                .clone()
                .oneshot(off)
                .await
                .unwrap()
                .status()
                .is_success());
        }
        (app, cookie, token)
    });
    bencher.bench_local(|| {
        let request = Request::get(path)
            .header(header::COOKIE, &cookie)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = rt.block_on(app.clone().oneshot(request)).unwrap();
        assert!(response.status().is_success());
        rt.block_on(http_body_util::BodyExt::collect(response.into_body()))
            .unwrap()
    });
}
