//! How orders believes a token without asking authlab: the signature under a public key from
//! its copy of authlab's key set, then the claims — issuer, this service as audience, times on
//! orders' own clock, the token type. Every step is a recorded check.

use std::time::Instant;

use app::api::jwt::AccessClaims;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};

use super::keys::{Found, KeyCache, KeyError};
use crate::kit::checks::Checks;

/// Why orders refused a token: a code for the page, and a sentence.
#[derive(Debug)]
pub struct Refusal {
    pub reason: &'static str,
    pub message: String,
}

impl Refusal {
    fn new(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What orders expects of a token.
#[derive(Clone, Debug)]
pub struct Expect {
    pub issuer: String,
    pub audience: String,
    pub leeway_seconds: u64,
}

/// Verifies `token` offline; `Ok` carries the claims.
pub async fn verify(
    token: &str,
    keys: &KeyCache,
    expect: &Expect,
    checks: &mut Checks,
) -> Result<AccessClaims, Refusal> {
    let header = checks.run("header", || {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| Refusal::new("malformed", "not a JWT: three base64url parts expected"))?;
        if matches!(header.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
            return Err(Refusal::new(
                "shared_secret",
                format!(
                    "alg {:?}: an HMAC token verifies only with authlab's secret, which is never published; orders would have to be handed it (and could then sign tokens too)",
                    header.alg
                ),
            ));
        }
        let typ = header.typ.as_deref().unwrap_or("(none)");
        if !typ.eq_ignore_ascii_case("at+jwt") {
            return Err(Refusal::new(
                "wrong_type",
                format!("typ {typ}: an access token (at+jwt) is expected"),
            ));
        }
        let detail = format!(
            "alg {:?} · typ {typ} · kid {}",
            header.alg,
            header.kid.as_deref().unwrap_or("(none)")
        );
        Ok((header, detail))
    })?;
    let kid = header.kid.clone().unwrap_or_default();
    let started = Instant::now();
    let found = keys.key(&kid).await.map_err(|err| match err {
        KeyError::Fetch(_) => Refusal::new("keys_unavailable", err.to_string()),
        _ => Refusal::new("unknown_key", err.to_string()),
    });
    let (key, _) = checks.record(
        "public key",
        started,
        found.map(|(key, how)| {
            let detail = match how {
                Found::Cached => format!("kid {kid} from orders' copy: no call to authlab"),
                Found::Fetched => {
                    format!("kid {kid} was new: fetched authlab's key set (one call)")
                }
            };
            ((key, how), detail)
        }),
    )?;
    if key.alg != header.alg {
        let refused = Refusal::new(
            "wrong_algorithm",
            format!("alg {:?}, but key {kid} is for {:?}", header.alg, key.alg),
        );
        return checks.record("signature", Instant::now(), Err(refused));
    }
    let mut validation = Validation::new(key.alg);
    validation.leeway = expect.leeway_seconds;
    // jsonwebtoken checks exp by default, nbf only when asked.
    validation.validate_nbf = true;
    validation.set_issuer(&[&expect.issuer]);
    validation.set_audience(&[&expect.audience]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    let started = Instant::now();
    let decoded = jsonwebtoken::decode::<AccessClaims>(token, &key.key, &validation);
    let claims = checks.record(
        "signature & claims",
        started,
        decoded
            .map(|data| {
                let detail = format!(
                    "{:?} valid · iss {} · aud {} · exp in {} s (orders' own clock)",
                    key.alg,
                    data.claims.iss,
                    data.claims.aud,
                    data.claims.exp - time::OffsetDateTime::now_utc().unix_timestamp()
                );
                (data.claims, detail)
            })
            .map_err(|err| refusal(err.kind(), expect)),
    )?;
    checks.run("token type", || {
        if claims.token_use == "access" {
            Ok(((), "token_use access".to_owned()))
        } else {
            Err(Refusal::new(
                "wrong_type",
                format!("token_use {:?}: not an access token", claims.token_use),
            ))
        }
    })?;
    Ok(claims)
}

fn refusal(kind: &ErrorKind, expect: &Expect) -> Refusal {
    match kind {
        ErrorKind::InvalidAudience => Refusal::new(
            "wrong_audience",
            format!(
                "aud does not name {}: this token is for another service. Ask authlab for one that includes {}",
                expect.audience, expect.audience
            ),
        ),
        ErrorKind::InvalidIssuer => Refusal::new(
            "wrong_issuer",
            format!("iss is not {}", expect.issuer),
        ),
        ErrorKind::ExpiredSignature => Refusal::new("expired", "exp has passed (orders' own clock)"),
        ErrorKind::ImmatureSignature => {
            Refusal::new("not_yet_valid", "nbf is still ahead (orders' own clock)")
        }
        ErrorKind::InvalidSignature => Refusal::new(
            "bad_signature",
            "the signature does not match under authlab's public key: edited, or signed by someone else",
        ),
        ErrorKind::MissingRequiredClaim(claim) => {
            Refusal::new("malformed", format!("the claim {claim} is missing"))
        }
        _ => Refusal::new("malformed", "the token could not be decoded"),
    }
}
