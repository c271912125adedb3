//! The scenario's steps, each done to both schemes on the carriers the columns are switched to
//! (fixed for a run at "log in"), and how an answer becomes a table cell.

use serde_json::Value;

use crate::api::http::{Cred, Exchange};
use crate::api::jwt;
use crate::api::lab::{self, ReplayAnswer};
use crate::api::session::{self, Credentials};
use crate::api::trace::{self, Check};
use crate::api::{Carrier, Scheme};
use crate::jwt_decode::{unsigned, with_claim};

pub use super::run_state::RunState;

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

/// Why a step cannot be done to a cookie-carried JWT from the page.
const UNREADABLE: &str = "the page cannot read a cookie-carried token to edit it";

const ALICE: (&str, &str) = ("alice", "wonderland");
const BOB: (&str, &str) = ("bob", "builder-bob");

fn credentials((username, password): (&str, &str), carrier: Option<Carrier>) -> Credentials {
    Credentials {
        username: username.to_owned(),
        password: password.to_owned(),
        carrier,
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

async fn log_in(state: &mut RunState) -> (Outcome, Outcome) {
    let alice = |carrier| credentials(ALICE, Some(carrier));
    let s = session::login(&alice(state.session_carrier)).await;
    state.session_id = s.value().and_then(|answer| answer.session_id);
    let session = match state.session_carrier {
        Carrier::Cookie => judged(&s, "session created; HttpOnly cookie set").await,
        Carrier::Header => {
            judged(
                &s,
                "session created; the id handed to the page for X-Session-Id",
            )
            .await
        }
    };
    let jwt = if state.cookie_jwt() {
        let j = jwt::login_cookie(&alice(Carrier::Cookie)).await;
        judged(
            &j,
            "token pair signed into HttpOnly cookies; the page holds neither",
        )
        .await
    } else {
        let j = jwt::login(&alice(Carrier::Header)).await;
        state.pair = j.value();
        judged(&j, "token pair signed and handed to the page").await
    };
    (session, jwt)
}

/// Key rotation: a fresh token for alice (the old one expired), then bob, an admin, rotates the
/// key. A cookie-carried token is copied and its cookies cleared first, so bob's bearer token
/// is the only JWT credential on his request.
async fn rotate_key(state: &mut RunState) -> Outcome {
    let fresh = if state.cookie_jwt() {
        jwt::login_cookie(&credentials(ALICE, Some(Carrier::Cookie))).await;
        let copy = lab::steal(Scheme::Jwt, Cred::Browser).await.value();
        jwt::logout_cookie().await;
        copy.map(|c| c.copy_id)
    } else {
        None
    };
    let token = match fresh {
        Some(_) => String::new(),
        None => jwt::login(&credentials(ALICE, None))
            .await
            .value()
            .map(|p| p.access_token)
            .unwrap_or_default(),
    };
    let admin = jwt::login(&credentials(BOB, None)).await.value();
    if let Some(admin) = admin {
        jwt::rotate_key(Cred::Bearer(&admin.access_token)).await;
    }
    match fresh {
        Some(copy) => replay(&Some(copy)).await,
        None => judged(&jwt::me(Cred::Bearer(&token)).await, "").await,
    }
}

/// Does `step` to both schemes; answers (session cell, JWT cell).
pub async fn run(step: Step, state: &mut RunState) -> (Outcome, Outcome) {
    match step {
        Step::LogIn => log_in(state).await,
        Step::WhoAmI => {
            let s = session::me(state.session_cred()).await;
            let j = jwt::me(state.jwt_cred()).await;
            (judged(&s, "").await, judged(&j, "").await)
        }
        Step::Steal => {
            let s = lab::steal(Scheme::Session, state.session_cred()).await;
            let j = lab::steal(Scheme::Jwt, state.jwt_cred()).await;
            state.session_copy = s.value().map(|c| c.copy_id);
            state.jwt_copy = j.value().map(|c| c.copy_id);
            let (session_how, jwt_how) = (
                match state.session_carrier {
                    Carrier::Cookie => "the cookie's id copied, on the server",
                    Carrier::Header => "the X-Session-Id copied, on the server",
                },
                match state.jwt_carrier {
                    Carrier::Cookie => "the JWT cookie copied, on the server",
                    Carrier::Header => "the bearer token copied, on the server",
                },
            );
            (judged(&s, session_how).await, judged(&j, jwt_how).await)
        }
        Step::LogOut => {
            let s = session::logout(state.session_cred()).await;
            let j = if state.cookie_jwt() {
                jwt::logout_cookie().await
            } else {
                jwt::logout(state.refresh()).await
            };
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
            let jwt = if state.cookie_jwt() {
                Outcome::NotApplicable(
                    "nothing to revoke from the page: logout took the cookie, the copy lives on",
                )
            } else {
                jwt::revoke(state.jwt_cred()).await;
                replay(&state.jwt_copy).await
            };
            (
                Outcome::NotApplicable("nothing left to revoke: logout deleted the record"),
                jwt,
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
            let j = if state.cookie_jwt() {
                jwt::refresh_cookie().await.typed()
            } else {
                jwt::refresh(state.refresh()).await.typed::<()>()
            };
            (
                Outcome::NotApplicable("no refresh: every request slides the idle timeout"),
                judged(&j, "").await,
            )
        }
        Step::Tamper | Step::AlgNone if state.cookie_jwt() => (
            Outcome::NotApplicable(if step == Step::Tamper {
                "nothing to edit: a session id is a signed random value, no claims"
            } else {
                "no algorithm to pick: the id is looked up"
            }),
            Outcome::NotApplicable(UNREADABLE),
        ),
        Step::Tamper => {
            let forged =
                with_claim(state.access(), "role", Value::from("admin")).unwrap_or_default();
            let j = jwt::me(Cred::Bearer(&forged)).await;
            (
                Outcome::NotApplicable(
                    "nothing to edit: a session id is a signed random value, no claims",
                ),
                judged(&j, "").await,
            )
        }
        Step::AlgNone => {
            let forged = unsigned(state.access()).unwrap_or_default();
            let j = jwt::me(Cred::Bearer(&forged)).await;
            (
                Outcome::NotApplicable("no algorithm to pick: the id is looked up"),
                judged(&j, "").await,
            )
        }
        Step::RotateKey => (
            Outcome::NotApplicable("sessions are looked up, not verified against a published key"),
            rotate_key(state).await,
        ),
    }
}
