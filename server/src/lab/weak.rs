//! The forge lab's weak key: `POST /api/lab/weak-token` signs an access-shaped token with HS256
//! and a secret drawn from a short word list, and hands out the list too — the attacker's
//! dictionary. The page cracks it in front of the audience. The verifier never trusts this key:
//! the lesson is what a server that *did* use such a secret would now accept.

use axum::extract::State;
use axum::Json;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::jwt_auth::issue::random_id;
use crate::jwt_auth::TokenUse;
use crate::AppState;

/// Secrets people really use; the lab key is one of them.
pub const WORDS: [&str; 40] = [
    "123456",
    "password",
    "qwerty",
    "letmein",
    "admin",
    "welcome",
    "monkey",
    "dragon",
    "master",
    "shadow",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "iloveyou",
    "trustno1",
    "secret",
    "changeme",
    "passw0rd",
    "hunter2",
    "starwars",
    "whatever",
    "freedom",
    "hello",
    "charlie",
    "superman",
    "batman",
    "jwtsecret",
    "mysecret",
    "secretkey",
    "your-256-bit-secret",
    "token",
    "default",
    "authlab",
    "summer2026",
    "winter",
    "access",
    "login",
    "abc123",
    "s3cr3t",
];

pub async fn weak_token(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let mut byte = [0u8; 1];
    getrandom::getrandom(&mut byte)
        .map_err(|err| ApiError::internal(std::io::Error::other(err)))?;
    let secret = WORDS[usize::from(byte[0]) % WORDS.len()];
    let now = state.clock.now().unix_timestamp();
    let settings = &state.jwt.settings;
    let claims = json!({
        "sub": "alice", "role": "user", "iat": now, "nbf": now, "exp": now + 300,
        "iss": settings.issuer, "aud": settings.audience, "jti": random_id()?,
        "token_use": TokenUse::Access.claim(),
    });
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some(TokenUse::Access.typ().to_owned());
    header.kid = Some("weak-lab-key".to_owned());
    let token = jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(ApiError::internal)?;
    tracing::info!("lab: weak-key token issued");
    Ok(Json(json!({ "token": token, "words": WORDS.as_slice() })))
}
