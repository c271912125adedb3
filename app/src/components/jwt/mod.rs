//! The JWT column: its state in the page, and the actions that change it. With the header
//! carrier the page keeps the tokens (in the storage the learner picks) and sends
//! `Authorization: Bearer`; with the cookie carrier the browser keeps them in HttpOnly cookies.

mod actions;
mod browser_holds;
mod connected;
mod identity;
mod server_holds;
mod storage;
mod token_view;

pub use browser_holds::JwtBrowserHolds;
pub use identity::{JwtActions, JwtIdentity, OldCopy};
pub use server_holds::JwtServerHolds;

use super::keep::Keep;

use leptos::prelude::*;

use super::carrier_choice::Carriers;
use super::exchange::Shown;
use super::lab::LabTime;
use crate::api::http::Exchange;
use crate::api::jwt::{
    self as api, Check, CookiePair, FamilyView, JwtMeAnswer, JwtServerView, TokenPair,
};
use crate::api::Carrier;

/// The server's last verdict on a token, with the checks it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub accepted: bool,
    pub reason: Option<String>,
    pub checks: Vec<Check>,
}

/// What the right column knows; shared by its panels through context.
#[derive(Clone, Copy)]
pub struct JwtLab {
    /// How the tokens travel.
    pub carrier: RwSignal<Carrier>,
    /// With the cookie carrier: the cookies the server said it set (never their values).
    pub cookies: RwSignal<Option<CookiePair>>,
    pub keep: RwSignal<Keep>,
    /// The pair the page holds (wherever it is kept).
    pub pair: RwSignal<Option<TokenPair>>,
    /// The raw text in the chosen storage, read after every change.
    pub raw_stored: RwSignal<Option<String>>,
    pub me: RwSignal<Option<JwtMeAnswer>>,
    /// An access token copied before logout: what a thief would still hold.
    pub copy: RwSignal<Option<String>>,
    pub verdict: RwSignal<Option<Verdict>>,
    pub server: RwSignal<Option<JwtServerView>>,
    pub family: RwSignal<Option<FamilyView>>,
    /// The lab clock, learnt from the server's answers (shared by the whole page).
    pub time: LabTime,
    pub last: RwSignal<Option<Shown>>,
    pub error: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

/// `Authorization: Bearer eyJhbGciOi…Xk2c` — enough to recognise the token, not to copy it.
pub fn bearer_line(token: &str) -> String {
    let shown = if token.len() > 40 {
        format!("{}…{}", &token[..24], &token[token.len() - 8..])
    } else {
        token.to_owned()
    };
    format!("Authorization: Bearer {shown}")
}

impl JwtLab {
    pub fn provide() -> Self {
        let lab = Self {
            carrier: Carriers::expect().jwt,
            cookies: RwSignal::new(None),
            keep: RwSignal::new(Keep::Local),
            pair: RwSignal::new(None),
            raw_stored: RwSignal::new(None),
            me: RwSignal::new(None),
            copy: RwSignal::new(None),
            verdict: RwSignal::new(None),
            server: RwSignal::new(None),
            family: RwSignal::new(None),
            time: LabTime::expect(),
            last: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        provide_context(lab);
        lab
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The lab clock now, in unix seconds, as best the page knows it.
    pub fn lab_now(self, browser_ms: f64) -> i64 {
        self.time.now(browser_ms)
    }

    fn learn_clock(self, server_now: i64) {
        self.time.learn(server_now);
    }

    fn hold(self, pair: Option<TokenPair>) {
        let keep = self.keep.get_untracked();
        match &pair {
            Some(pair) => storage::save(keep, pair),
            None => keep.clear(storage::KEYS),
        }
        self.pair.set(pair);
        self.raw_stored.set(keep.raw(storage::KEYS));
    }

    fn show<T>(self, exchange: &Exchange<T>, sent: Vec<String>) {
        self.last.set(Some(Shown::of(exchange, sent)));
    }

    fn judge<T>(self, exchange: &Exchange<T>, checks: Option<Vec<Check>>) {
        let verdict = match checks {
            Some(checks) => Some(Verdict {
                accepted: true,
                reason: None,
                checks,
            }),
            None => api::refusal_checks(&exchange.body).map(|refusal| Verdict {
                accepted: false,
                reason: Some(refusal.error),
                checks: refusal.checks,
            }),
        };
        self.verdict.set(verdict);
    }

    /// After every action: what the server holds now.
    async fn after_action(self) {
        if let Some(view) = api::server().await.value() {
            self.learn_clock(view.server_now);
            self.server.set(Some(view));
        }
        let refresh_token = self.pair.get_untracked().map(|p| p.refresh_token);
        if let Some(token) = refresh_token {
            self.family.set(api::family(&token).await.value());
        } else if self.cookies.with_untracked(Option::is_some) {
            self.family.set(api::family_cookie().await.value());
        }
        self.busy.set(false);
    }

    fn act(self, job: impl std::future::Future<Output = ()> + 'static) {
        super::keep::act(self.busy, Box::pin(job), Box::pin(self.after_action()));
    }
}
