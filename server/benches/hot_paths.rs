//! Micro-benchmarks of the hot paths: verify an access token (HS256, EdDSA), look up a session
//! (memory, SQLite), and the page's own token decoder. Run by `make bench`.

use app::api::jwt::AccessClaims;
use app::demo::Role;
use divan::Bencher;
use server::checks::Checks;
use server::jwt_auth::issue::{issue, Subject};
use server::jwt_auth::keys::Keyring;
use server::jwt_auth::verify::Verifier;
use server::session_auth::store::LabStore;
use server::settings::{JwtAlgorithm, JwtSettings, SessionStoreKind};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

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
        let db = server::db::open(dir.path()).await.unwrap();
        let keys = Keyring::open(&db, dir.path(), alg, now).await.unwrap();
        let subject = Subject {
            username: "alice",
            role: Role::User,
            family_id: "bench-family",
            family_expires_at: now + 3600,
        };
        let issued = issue(&keys.current(), &JwtSettings::default(), &subject, now).unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let (store, id) = rt.block_on(async {
        let db = server::db::open(dir.path()).await.unwrap();
        let store = LabStore::open(kind, &db).await.unwrap();
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
