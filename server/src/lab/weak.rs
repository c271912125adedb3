//! The forge lab's weak key: `POST /api/lab/weak-token` signs an access-shaped token with HS256
//! and a secret drawn from a short word list, and hands out the list too — the attacker's
//! dictionary. The page cracks it in front of the audience. The verifier never trusts this key:
//! the lesson is what a server that *did* use such a secret would now accept.

use app::api::lab::WeakToken;
use app::demo::Role;
use axum::extract::State;
use axum::Json;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use crate::api::error::ApiError;
use crate::jwt_auth::issue::random_id;
use crate::jwt_auth::{Jwt, TokenUse};
use crate::kit::clock::LabClock;

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

/// The claims of an access token, as a server that trusted the weak key would read them.
#[derive(Serialize)]
struct WeakClaims<'a> {
    sub: &'a str,
    role: Role,
    iat: i64,
    nbf: i64,
    exp: i64,
    iss: &'a str,
    aud: &'a str,
    jti: String,
    token_use: &'a str,
}

#[utoipa::path(post, path = "/weak-token", tag = "lab",
    summary = "A token signed with a guessable secret, and the guess",
    responses((status = 200, description = "A token signed with a guessable secret, and the secret found by guessing", body = WeakToken)))]
pub async fn weak_token(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
) -> Result<Json<WeakToken>, ApiError> {
    let mut byte = [0u8; 1];
    getrandom::getrandom(&mut byte)
        .map_err(|err| ApiError::internal(std::io::Error::other(err)))?;
    let secret = WORDS[usize::from(byte[0]) % WORDS.len()];
    let now = clock.now().unix_timestamp();
    let settings = jwt.settings();
    let claims = WeakClaims {
        sub: "alice",
        role: Role::User,
        iat: now,
        nbf: now,
        exp: now + 300,
        iss: settings.issuer,
        aud: settings.audience,
        jti: random_id()?,
        token_use: TokenUse::Access.claim(),
    };
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
    Ok(Json(WeakToken {
        token,
        words: WORDS.iter().map(|word| (*word).to_owned()).collect(),
    }))
}
