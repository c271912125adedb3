//! What the JWT column's buttons do: each action sends its request, shows the exchange and
//! updates what the page holds. With the header carrier the page holds the pair and adds
//! `Authorization: Bearer`; with the cookie carrier it holds nothing it could read — the
//! browser attaches the HttpOnly cookies.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::storage::{self, KEYS};
use super::{bearer_line, JwtLab};
use crate::api::http::{Cred, Held};
use crate::api::jwt as api;
use crate::api::session::Credentials;
use crate::api::Carrier;
use crate::components::keep::{remember_carrier, remembered_carrier, switch_keep, Keep};
use crate::components::lab::Lab;

/// The line the exchange panel shows for a cookie-carried request.
const COOKIE_LINE: &str =
    "Cookie: authlab_jwt=… (added by the browser; page scripts cannot see it)";

impl JwtLab {
    /// What this page's script adds: the held access token, or nothing (cookie carrier).
    pub fn held(self) -> Held {
        match self.pair.get_untracked() {
            Some(pair) => Held::Bearer(pair.access_token),
            None => Held::Browser,
        }
    }

    /// Whether a credential is held either way (after a reload, a cookie-carried login is
    /// known by the server's answer).
    pub fn holds(self) -> bool {
        self.pair.with(Option::is_some)
            || self.cookies.with(Option::is_some)
            || (self.carrier.get() == Carrier::Cookie && self.me.with(Option::is_some))
    }

    fn sent_line(held: &Held) -> String {
        match held {
            Held::Bearer(token) => bearer_line(token),
            _ => COOKIE_LINE.to_owned(),
        }
    }

    pub fn login(self, credentials: Credentials) {
        let carrier = self.carrier.get_untracked();
        let credentials = Credentials {
            carrier: Some(carrier),
            ..credentials
        };
        self.act(async move {
            let body = format!(
                r#"{{"username":"{}","password":"{}","carrier":"{}"}}"#,
                credentials.username,
                "•".repeat(credentials.password.chars().count()),
                carrier.as_str()
            );
            let sent = vec!["Content-Type: application/json".into(), body];
            let (ok, error) = match carrier {
                Carrier::Header => {
                    let exchange = api::login(&credentials).await;
                    self.show(&exchange, sent);
                    let pair = exchange.value();
                    let ok = pair.is_some();
                    if ok {
                        self.cookies.set(None);
                        self.hold(pair);
                    }
                    (ok, exchange.error())
                }
                Carrier::Cookie => {
                    let exchange = api::login_cookie(&credentials).await;
                    self.show(&exchange, sent);
                    let cookies = exchange.value();
                    let ok = cookies.is_some();
                    if ok {
                        self.hold(None);
                        self.cookies.set(cookies);
                    }
                    (ok, exchange.error())
                }
            };
            if ok {
                self.error.set(None);
                self.me.set(None);
                self.verdict.set(None);
                self.copy.set(None);
                self.family.set(None);
            } else {
                self.error.set(Some(error));
            }
        });
    }

    /// Asks `/api/jwt/me` with `held` (the held token, the old copy, or the cookie).
    fn ask(self, held: Held) {
        self.act(async move {
            let exchange = api::me(held.cred()).await;
            self.show(&exchange, vec![Self::sent_line(&held)]);
            let me = exchange.value();
            self.judge(&exchange, me.as_ref().map(|me| me.checks.clone()));
            if let Some(me) = &me {
                self.learn_clock(me.server_now);
            }
            let is_held = held == self.held();
            if is_held {
                self.me.set(me);
            }
        });
    }

    pub fn who_am_i(self) {
        if self.holds() {
            self.ask(self.held());
        }
    }

    pub fn send_copy(self) {
        if let Some(copy) = self.copy.get_untracked() {
            self.ask(Held::Bearer(copy));
        }
    }

    pub fn refresh(self) {
        let pair = self.pair.get_untracked();
        if pair.is_none() && self.cookies.with_untracked(Option::is_none) {
            return;
        }
        self.act(async move {
            let ok = match pair {
                Some(pair) => {
                    let exchange = api::refresh(&pair.refresh_token).await;
                    self.show(&exchange, vec![r#"{"refresh_token":"eyJ…"}"#.into()]);
                    let new_pair = exchange.value();
                    let ok = new_pair.is_some();
                    if ok {
                        self.hold(new_pair);
                    } else {
                        self.judge(&exchange, None);
                        self.error.set(Some(exchange.error()));
                    }
                    ok
                }
                None => {
                    let exchange = api::refresh_cookie().await;
                    self.show(
                        &exchange,
                        vec![
                            "Cookie: authlab_jwt_refresh=… (the browser adds it; scripts cannot)"
                                .into(),
                        ],
                    );
                    let cookies = exchange.value();
                    let ok = cookies.is_some();
                    if ok {
                        self.cookies.set(cookies);
                    } else {
                        self.judge(&exchange, None);
                        self.error.set(Some(exchange.error()));
                    }
                    ok
                }
            };
            if ok {
                self.error.set(None);
                self.me.set(None);
                self.verdict.set(None);
            }
        });
    }

    /// Forgets the tokens here and ends the refresh family on the server. With the header
    /// carrier a copy of the access token is kept aside, to show what a thief could still do
    /// with it (page script cannot copy a cookie: the attacker's steal can).
    pub fn logout(self) {
        let pair = self.pair.get_untracked();
        if pair.is_none() && self.cookies.with_untracked(Option::is_none) {
            return;
        }
        self.act(async move {
            match pair {
                Some(pair) => {
                    let exchange = api::logout(&pair.refresh_token).await;
                    self.show(&exchange, vec![r#"{"refresh_token":"eyJ…"}"#.into()]);
                    self.copy.set(Some(pair.access_token.clone()));
                    self.me.set(None);
                    self.hold(None);
                    let family = api::family(&pair.refresh_token).await.value();
                    self.family.set(family);
                }
                None => {
                    let family = api::family_cookie().await.value();
                    let exchange = api::logout_cookie().await;
                    self.show(
                        &exchange,
                        vec!["Cookie: authlab_jwt_refresh=… (the browser adds it)".into()],
                    );
                    self.me.set(None);
                    self.cookies.set(None);
                    self.family.set(family);
                }
            }
        });
    }

    /// Revokes the held access token (either carrier), or else the old copy.
    pub fn revoke(self) {
        let held = match (self.holds(), self.copy.get_untracked()) {
            (true, _) => self.held(),
            (false, Some(copy)) => Held::Bearer(copy),
            (false, None) => return,
        };
        self.act(async move {
            let exchange = api::revoke(held.cred()).await;
            self.show(&exchange, vec![Self::sent_line(&held)]);
            if !exchange.ok() {
                self.judge(&exchange, None);
            }
        });
    }

    pub fn set_denylist(self, enabled: bool) {
        self.act(async move {
            let exchange = api::set_denylist(enabled).await;
            self.show(&exchange, vec![format!(r#"{{"enabled":{enabled}}}"#)]);
            // The top bar lists every weakening switch that is on.
            Lab::expect().refresh();
        });
    }

    pub fn rotate_key(self) {
        if !self.holds() {
            return;
        }
        let held = self.held();
        self.act(async move {
            let exchange = api::rotate_key(held.cred()).await;
            self.show(&exchange, vec![Self::sent_line(&held)]);
            if !exchange.ok() {
                self.error.set(Some(exchange.error()));
            }
        });
    }

    /// Moves the pair to another storage.
    pub fn set_keep(self, keep: Keep) {
        if switch_keep(KEYS, self.keep, keep) {
            self.hold(self.pair.get_untracked());
        }
    }

    /// Another carrier: what the page holds is forgotten; the next login uses the new one.
    pub fn set_carrier(self, carrier: Carrier) {
        if self.carrier.get_untracked() == carrier {
            return;
        }
        remember_carrier(KEYS, carrier);
        self.hold(None);
        self.cookies.set(None);
        self.me.set(None);
        self.verdict.set(None);
        self.carrier.set(carrier);
    }

    /// Another node now answers this column: show what it holds.
    pub fn switched(self) {
        spawn_local(self.after_action());
    }

    /// After hydration: pick up a pair kept in storage (or a cookie-carried login, by asking
    /// who I am), and what the server holds.
    pub fn restore(self) {
        let keep = Keep::remembered(KEYS);
        let carrier = remembered_carrier(KEYS, Carrier::Header);
        self.keep.set(keep);
        self.carrier.set(carrier);
        if carrier == Carrier::Header {
            self.pair.set(storage::load(keep));
        }
        self.raw_stored.set(keep.raw(KEYS));
        spawn_local(async move {
            if carrier == Carrier::Cookie {
                // Quietly: the cookies, if any, are the browser's; only the server can say
                // (after the grid's run too, which logs a cookie login out).
                let me = api::me(Cred::Browser).await.value();
                if me.is_none() {
                    self.cookies.set(None);
                }
                self.me.set(me);
            }
            self.after_action().await;
        });
    }
}
