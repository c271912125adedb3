//! The floor: the same crates as authlab — axum 0.8, tower-sessions 0.14 with its MemoryStore
//! and a signed HttpOnly cookie, jsonwebtoken HS256 — answering the same three requests in the
//! same shapes (`app::api` types), with none of authlab's own work: no trace, no checks record,
//! no lab, no origin check, no password hashing. What this stack costs at its least, so that
//! `make bench` can print authlab ÷ floor per endpoint.
//!
//! usage: floor --addr 127.0.0.1:3480 (logins take any password: it is a benchmark, not a server)

use std::net::SocketAddr;

use app::api::jwt::{AccessClaims, JwtMeAnswer, TokenPair};
use app::api::session::{CookieView, MeAnswer, SessionInfo, UserView};
use app::api::{Carrier, Health};
use app::demo::Role;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::Deserialize;
use time::OffsetDateTime;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, MemoryStore, Session, SessionManagerLayer};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ISSUER: &str = "authlab-floor";
const AUDIENCE: &str = "authlab";
const ACCESS_SECONDS: i64 = 300;
const IDLE: time::Duration = time::Duration::minutes(30);

#[derive(Clone)]
struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

#[derive(Deserialize)]
struct Login {
    username: String,
}

#[derive(Clone, serde::Serialize, Deserialize)]
struct Record {
    user: UserView,
    created_at: i64,
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn refused(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

fn user(username: String) -> UserView {
    UserView {
        username,
        role: Role::User,
    }
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

fn answer(session: &Session, record: Record) -> MeAnswer {
    let now = now();
    MeAnswer {
        user: record.user,
        session: SessionInfo {
            handle: session.id().map(|id| id.to_string()).unwrap_or_default(),
            created_at: record.created_at,
            last_seen_at: now,
            idle_expires_at: now + IDLE.whole_seconds(),
            absolute_expires_at: record.created_at + 8 * 3600,
            server_now: now,
        },
        cookie: CookieView {
            name: "floor_session".to_owned(),
            attributes: vec!["HttpOnly".to_owned(), "SameSite=Lax".to_owned()],
        },
        carrier: Carrier::Cookie,
    }
}

async fn session_login(session: Session, Json(login): Json<Login>) -> Response {
    let record = Record {
        user: user(login.username),
        created_at: now(),
    };
    if session.cycle_id().await.is_err() || session.insert("r", record.clone()).await.is_err() {
        return (StatusCode::INTERNAL_SERVER_ERROR, "session store").into_response();
    }
    Json(answer(&session, record)).into_response()
}

async fn session_me(session: Session) -> Response {
    match session.get::<Record>("r").await {
        Ok(Some(record)) => Json(answer(&session, record)).into_response(),
        _ => refused("not logged in"),
    }
}

async fn jwt_login(State(keys): State<Keys>, Json(login): Json<Login>) -> Response {
    let now = now();
    let claims = AccessClaims {
        sub: login.username,
        role: Role::User,
        iat: now,
        nbf: now,
        exp: now + ACCESS_SECONDS,
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        jti: format!("{:x}", now),
        token_use: "access".to_owned(),
        rights_version: 1,
        scope: None,
        client_id: None,
    };
    match jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding) {
        Ok(token) => Json(TokenPair {
            access_token: token.clone(),
            refresh_token: token,
            token_type: "Bearer".to_owned(),
            expires_in: ACCESS_SECONDS,
        })
        .into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "signing").into_response(),
    }
}

async fn jwt_me(State(keys): State<Keys>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token else {
        return refused("no bearer token");
    };
    match jsonwebtoken::decode::<AccessClaims>(token, &keys.decoding, &keys.validation) {
        Ok(data) if data.claims.token_use == "access" => Json(JwtMeAnswer {
            claims: data.claims,
            checks: Vec::new(),
            server_now: now(),
            carrier: Carrier::Header,
        })
        .into_response(),
        _ => refused("invalid token"),
    }
}

fn app() -> Router {
    let mut secret = [0u8; 32];
    getrandom::getrandom(&mut secret).expect("the OS gives random bytes");
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    let keys = Keys {
        encoding: EncodingKey::from_secret(&secret),
        decoding: DecodingKey::from_secret(&secret),
        validation,
    };
    let mut cookie_key = [0u8; 64];
    getrandom::getrandom(&mut cookie_key).expect("the OS gives random bytes");
    let sessions = SessionManagerLayer::new(MemoryStore::default())
        .with_name("floor_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(false)
        .with_expiry(Expiry::OnInactivity(IDLE))
        .with_signed(Key::from(&cookie_key));
    Router::new()
        .route("/api/health", get(health))
        .route("/api/session/login", post(session_login))
        .route("/api/session/me", get(session_me))
        .route("/api/jwt/login", post(jwt_login))
        .route("/api/jwt/me", get(jwt_me))
        .layer(sessions)
        .with_state(keys)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = "127.0.0.1:3480".parse().expect("a socket address");
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--addr", Some(value)) => {
                addr = value.parse().map_err(std::io::Error::other)?;
            }
            _ => {
                eprintln!("usage: floor [--addr 127.0.0.1:3480]");
                std::process::exit(2);
            }
        }
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("floor listening on http://{addr}");
    axum::serve(listener, app()).await
}
