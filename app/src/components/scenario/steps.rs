//! The scenario's steps, each done to both schemes, and how an answer becomes a table cell.

use serde_json::Value;

use crate::api::http::{Cred, Exchange};
use crate::api::jwt::{self, TokenPair};
use crate::api::lab::{self, ReplayAnswer};
use crate::api::session::{self, Credentials};
use crate::api::trace::{self, Check};
use crate::api::Scheme;
use crate::jwt_decode::{unsigned, with_claim};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    LogIn,
    WhoAmI,
    Steal,
    LogOut,
    Replay,
    Revoke,
    Expire,
    Refresh,
    Tamper,
    AlgNone,
    RotateKey,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::LogIn,
        Step::WhoAmI,
        Step::Steal,
        Step::LogOut,
        Step::Replay,
        Step::Revoke,
        Step::Expire,
        Step::Refresh,
        Step::Tamper,
        Step::AlgNone,
        Step::RotateKey,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::LogIn => "log in",
            Step::WhoAmI => "who am I",
            Step::Steal => "steal",
            Step::LogOut => "log out",
            Step::Replay => "replay the stolen copy",
            Step::Revoke => "revoke, then replay",
            Step::Expire => "let it expire (+6 min), then replay",
            Step::Refresh => "refresh",
            Step::Tamper => "tamper: role → admin",
            Step::AlgNone => "alg: none",
            Step::RotateKey => "rotate the key, then replay",
        }
    }
}

/// One cell of the comparison: what a scheme answered and which check decided it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Answered { status: u16, why: String },
    NotApplicable(&'static str),
}

/// What the scenario holds between steps (the JWT pair; the attacker's copy ids).
#[derive(Clone, Debug, Default)]
pub struct RunState {
    pub pair: Option<TokenPair>,
    pub session_copy: Option<String>,
    pub jwt_copy: Option<String>,
}

const ALICE: (&str, &str) = ("alice", "wonderland");
const BOB: (&str, &str) = ("bob", "builder-bob");

fn credentials((username, password): (&str, &str)) -> Credentials {
    Credentials {
        username: username.to_owned(),
        password: password.to_owned(),
        carrier: None,
    }
}

/// The check that decided: the first failed one, else the one that did the real work.
fn decisive(checks: &[Check]) -> Option<String> {
    let check = checks.iter().find(|c| !c.passed).or_else(|| {
        checks
            .iter()
            .find(|c| matches!(c.name.as_str(), "session-store lookup" | "signature"))
    })?;
    Some(format!("{}: {}", check.name, check.detail))
}

/// An answer as a cell, with the decisive check from the server's trace.
async fn judged<T>(exchange: &Exchange<T>, otherwise: &str) -> Outcome {
    let checks = match exchange.trace_id {
        Some(id) => trace::entry(exchange.node.as_deref(), id)
            .await
            .map(|e| e.checks)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let why = if exchange.ok() && !otherwise.is_empty() {
        otherwise.to_owned()
    } else {
        let error = (!exchange.ok()).then(|| exchange.error());
        decisive(&checks)
            .or(error)
            .unwrap_or_else(|| otherwise.to_owned())
    };
    Outcome::Answered {
        status: exchange.status,
        why,
    }
}

fn replayed(answer: Option<ReplayAnswer>) -> Outcome {
    match answer {
        Some(answer) => Outcome::Answered {
            status: answer.status,
            why: decisive(&answer.checks).unwrap_or_else(|| {
                answer.body["error"]
                    .as_str()
                    .unwrap_or("answered")
                    .to_owned()
            }),
        },
        None => Outcome::NotApplicable("nothing was stolen"),
    }
}

async fn replay(copy: &Option<String>) -> Outcome {
    match copy {
        Some(id) => replayed(lab::replay(id).await.value()),
        None => Outcome::NotApplicable("nothing was stolen"),
    }
}

fn access(state: &RunState) -> String {
    state
        .pair
        .as_ref()
        .map(|p| p.access_token.clone())
        .unwrap_or_default()
}

/// Does `step` to both schemes; answers (session cell, JWT cell).
pub async fn run(step: Step, state: &mut RunState) -> (Outcome, Outcome) {
    match step {
        Step::LogIn => {
            let s = session::login(&credentials(ALICE)).await;
            let j = jwt::login(&credentials(ALICE)).await;
            state.pair = j.value();
            (
                judged(&s, "session created; HttpOnly cookie set").await,
                judged(&j, "token pair signed and handed to the page").await,
            )
        }
        Step::WhoAmI => {
            let s = session::me(Cred::Browser).await;
            let j = jwt::me(Cred::Bearer(&access(state))).await;
            (judged(&s, "").await, judged(&j, "").await)
        }
        Step::Steal => {
            let s = lab::steal(Scheme::Session, Cred::Browser).await;
            let j = lab::steal(Scheme::Jwt, Cred::Bearer(&access(state))).await;
            state.session_copy = s.value().map(|c| c.copy_id);
            state.jwt_copy = j.value().map(|c| c.copy_id);
            (
                judged(&s, "the cookie's id copied, on the server").await,
                judged(&j, "the bearer token copied, on the server").await,
            )
        }
        Step::LogOut => {
            let s = session::logout(Cred::Browser).await;
            let refresh = state
                .pair
                .as_ref()
                .map(|p| p.refresh_token.clone())
                .unwrap_or_default();
            let j = jwt::logout(&refresh).await;
            (
                judged(&s, "the server deleted the session record").await,
                judged(&j, "refresh family ended; the access token is untouched").await,
            )
        }
        Step::Replay => (
            replay(&state.session_copy).await,
            replay(&state.jwt_copy).await,
        ),
        Step::Revoke => {
            jwt::revoke(Cred::Bearer(&access(state))).await;
            (
                Outcome::NotApplicable("nothing left to revoke: logout deleted the record"),
                replay(&state.jwt_copy).await,
            )
        }
        Step::Expire => {
            lab::advance_clock(6).await;
            (
                replay(&state.session_copy).await,
                replay(&state.jwt_copy).await,
            )
        }
        Step::Refresh => {
            let refresh = state
                .pair
                .as_ref()
                .map(|p| p.refresh_token.clone())
                .unwrap_or_default();
            let j = jwt::refresh(&refresh).await;
            (
                Outcome::NotApplicable("no refresh: every request slides the idle timeout"),
                judged(&j, "").await,
            )
        }
        Step::Tamper => {
            let forged =
                with_claim(&access(state), "role", Value::from("admin")).unwrap_or_default();
            let j = jwt::me(Cred::Bearer(&forged)).await;
            (
                Outcome::NotApplicable(
                    "nothing to edit: the cookie holds a signed random id, no claims",
                ),
                judged(&j, "").await,
            )
        }
        Step::AlgNone => {
            let forged = unsigned(&access(state)).unwrap_or_default();
            let j = jwt::me(Cred::Bearer(&forged)).await;
            (
                Outcome::NotApplicable("no algorithm to pick: the id is looked up"),
                judged(&j, "").await,
            )
        }
        Step::RotateKey => {
            // A fresh token (the old one expired), then an admin rotates the key.
            let fresh = jwt::login(&credentials(ALICE)).await.value();
            let admin = jwt::login(&credentials(BOB)).await.value();
            if let Some(admin) = admin {
                jwt::rotate_key(Cred::Bearer(&admin.access_token)).await;
            }
            let token = fresh.map(|p| p.access_token).unwrap_or_default();
            let j = jwt::me(Cred::Bearer(&token)).await;
            (
                Outcome::NotApplicable(
                    "sessions are looked up, not verified against a published key",
                ),
                judged(&j, "").await,
            )
        }
    }
}
