//! Strict token verification, one recorded check at a time: size, structure, header (alg,
//! typ, kid, no header-supplied keys, no unknown `crit`), signature with issuer and audience
//! (jsonwebtoken), `exp`/`nbf` on the lab clock with an explicit leeway, and the token type.
//! The denylist is the caller's (async) last step.

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Instant;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::{Map, Value};

use super::claims::TokenClaims;
use super::keys::SigningKey;
use super::refused::{Reason, Refused, Step};
use super::shape::{size, structure};
use crate::base::settings::JwtSettings;
use crate::kit::checks::Checks;

/// The verifier's inputs: the current key, the settings and the lab clock's now.
pub struct Verifier<'a> {
    pub key: &'a SigningKey,
    pub settings: &'a JwtSettings,
    pub now: i64,
}

impl Verifier<'_> {
    /// Runs every check on `token` as a `C` (access or refresh token), recording each in
    /// `checks`. `check_time: false` skips `exp`/`nbf` (to show a family after its token expired).
    pub fn verify<C: TokenClaims>(
        &self,
        token: &str,
        checks: &mut Checks,
        check_time: bool,
    ) -> Result<C, Refused> {
        checks.run("size", || size(token))?;
        let (header, signature_len) = checks.run("structure", || structure(token))?;
        checks.run("header", || self.header::<C>(&header))?;
        let started = Instant::now();
        if signature_len == 0 {
            let refused = Refused::new(Reason::BadSignature, "the signature is empty");
            return checks.record("signature", started, Err(refused));
        }
        let decoded = self.with_validation(|validation| {
            jsonwebtoken::decode::<C>(token, self.key.decoding_key(), validation)
        });
        let signature_ok = || {
            Ok::<_, Refused>((
                (),
                format!("{} valid under kid {}", self.key.alg, self.key.kid),
            ))
        };
        let claims = match decoded {
            Ok(data) => {
                checks.record("signature", started, signature_ok())?;
                let detail = format!(
                    "iss {} · aud {}",
                    self.settings.issuer, self.settings.audience
                );
                checks.record(
                    "issuer & audience",
                    Instant::now(),
                    Ok::<_, Refused>(((), detail)),
                )?;
                data.claims
            }
            Err(err) => {
                let (check, refused) = self.decode_error(err.kind());
                if check != "signature" {
                    checks.record("signature", started, signature_ok())?;
                }
                return checks.record(check, Instant::now(), Err(refused));
            }
        };
        if check_time {
            checks.run("exp / nbf", || self.times(&claims))?;
        }
        checks.run("token type", || {
            if claims.token_use() == C::USE.claim() {
                Ok(((), format!("token_use {}", C::USE.claim())))
            } else {
                Err(Refused::new(
                    Reason::WrongType,
                    format!(
                        "token_use {:?}: not an {} token",
                        claims.token_use(),
                        C::USE.claim()
                    ),
                ))
            }
        })?;
        Ok(claims)
    }

    /// Runs `f` with jsonwebtoken's rules for this key and these settings, built once per
    /// thread and kept (building them allocates three sets, on every request otherwise).
    fn with_validation<T>(&self, f: impl FnOnce(&Validation) -> T) -> T {
        type Rules = (Algorithm, &'static str, &'static str);
        thread_local! {
            static BUILT: RefCell<Vec<(Rules, Validation)>> = const { RefCell::new(Vec::new()) };
        }
        let rules = (
            self.key.algorithm(),
            self.settings.issuer,
            self.settings.audience,
        );
        BUILT.with(|built| {
            let mut built = built.borrow_mut();
            let index = match built.iter().position(|(known, _)| *known == rules) {
                Some(index) => index,
                None => {
                    built.push((rules, self.validation()));
                    built.len() - 1
                }
            };
            f(&built[index].1)
        })
    }

    fn validation(&self) -> Validation {
        let mut validation = Validation::new(self.key.algorithm());
        validation.leeway = 0;
        // exp and nbf are checked next, on the lab clock, with the configured leeway.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.required_spec_claims = ["exp", "nbf", "iss", "aud", "sub"]
            .into_iter()
            .map(str::to_owned)
            .collect::<HashSet<_>>();
        validation.set_issuer(&[self.settings.issuer]);
        validation.set_audience(&[self.settings.audience]);
        validation
    }

    fn header<C: TokenClaims>(&self, header: &Map<String, Value>) -> Step {
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| Refused::new(Reason::Malformed, "the header has no alg"))?;
        if alg.trim().eq_ignore_ascii_case("none") {
            return Err(Refused::new(
                Reason::AlgNone,
                format!("alg {alg:?} means unsigned: never accepted"),
            ));
        }
        let expected = self.key.alg.name();
        if alg != expected {
            return Err(Refused::new(
                Reason::WrongAlgorithm,
                format!("alg {alg} is not accepted: this server verifies {expected} only"),
            ));
        }
        for name in ["jku", "x5u", "jwk", "x5c"] {
            if header.contains_key(name) {
                return Err(Refused::new(
                    Reason::ForbiddenHeader,
                    format!("the header names a key ({name}): keys are never taken from a token"),
                ));
            }
        }
        if let Some(crit) = header.get("crit") {
            return Err(Refused::new(
                Reason::ForbiddenHeader,
                format!("crit {crit}: this server understands no critical extensions"),
            ));
        }
        let typ = header
            .get("typ")
            .and_then(Value::as_str)
            .unwrap_or("(none)");
        let wanted = C::USE.typ();
        let typ_bare = typ.strip_prefix("application/").unwrap_or(typ);
        if !typ_bare.eq_ignore_ascii_case(wanted) {
            return Err(Refused::new(
                Reason::WrongType,
                format!("typ {typ}: expected {wanted} (an {} token)", C::USE.claim()),
            ));
        }
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or("(none)");
        if kid != self.key.kid {
            return Err(Refused::new(
                Reason::UnknownKey,
                format!(
                    "kid {kid} is not the current key {}: rotated out, or never ours",
                    self.key.kid
                ),
            ));
        }
        Ok(((), format!("alg {alg} · typ {typ} · kid {kid}")))
    }

    /// Which check a jsonwebtoken error belongs to, its code and its sentence.
    fn decode_error(&self, kind: &ErrorKind) -> (&'static str, Refused) {
        let (check, reason, message) = match kind {
            ErrorKind::InvalidSignature => ("signature", Reason::BadSignature, format!("the signature does not match header and payload under kid {}: edited, or signed with another key", self.key.kid)),
            ErrorKind::Base64(_) => ("signature", Reason::BadSignature, "the signature is not base64url".to_owned()),
            ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => ("signature", Reason::WrongAlgorithm, "the algorithm does not fit the key".to_owned()),
            ErrorKind::MissingRequiredClaim(claim) => ("issuer & audience", Reason::MissingClaim, format!("the required claim {claim} is missing")),
            ErrorKind::InvalidIssuer => ("issuer & audience", Reason::WrongIssuer, format!("iss is not {}", self.settings.issuer)),
            ErrorKind::InvalidAudience => ("issuer & audience", Reason::WrongAudience, format!("aud is not {}", self.settings.audience)),
            ErrorKind::Json(err) => match missing_field(&err.to_string()) {
                Some(claim) => ("issuer & audience", Reason::MissingClaim, format!("the required claim {claim} is missing")),
                None => ("issuer & audience", Reason::MalformedClaims, format!("the claims do not fit: {err}")),
            },
            other => ("signature", Reason::Malformed, format!("the token could not be verified: {other:?}")),
        };
        (check, Refused::new(reason, message))
    }

    fn times<C: TokenClaims>(&self, claims: &C) -> Step {
        let leeway = self.settings.leeway.whole_seconds();
        let (now, exp, nbf) = (self.now, claims.exp(), claims.nbf());
        if now > exp.saturating_add(leeway) {
            return Err(Refused::new(
                Reason::Expired,
                format!("expired {} s ago (leeway {leeway} s)", now - exp),
            ));
        }
        if nbf > now.saturating_add(leeway) {
            return Err(Refused::new(
                Reason::NotYetValid,
                format!(
                    "not valid for another {} s (nbf; leeway {leeway} s)",
                    nbf - now
                ),
            ));
        }
        Ok((
            (),
            format!("expires in {} s (leeway {leeway} s)", exp - now),
        ))
    }
}

/// The field serde named in "missing field `aud` at line 1 column 9".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}
