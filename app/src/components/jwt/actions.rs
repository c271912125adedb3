//! What the JWT column's buttons do: each action sends its request, shows the exchange and
//! updates what the page holds.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{bearer_line, JwtLab, Keep};
use crate::api::jwt as api;
use crate::api::session::Credentials;
use crate::components::lab::Lab;

impl JwtLab {
    pub fn login(self, credentials: Credentials) {
        self.act(async move {
            let exchange = api::login(&credentials).await;
            let body = format!(
                r#"{{"username":"{}","password":"{}"}}"#,
                credentials.username,
                "•".repeat(credentials.password.chars().count())
            );
            self.show(
                &exchange,
                vec!["Content-Type: application/json".into(), body],
            );
            match exchange.value() {
                Some(pair) => {
                    self.error.set(None);
                    self.me.set(None);
                    self.verdict.set(None);
                    self.copy.set(None);
                    self.family.set(None);
                    self.hold(Some(pair));
                }
                None => self.error.set(Some(exchange.error())),
            }
        });
    }

    /// Asks `/api/jwt/me` with `token` (the held access token, or the old copy).
    fn ask(self, token: String) {
        self.act(async move {
            let exchange = api::me(&token).await;
            self.show(&exchange, vec![bearer_line(&token)]);
            let me = exchange.value();
            self.judge(&exchange, me.as_ref().map(|me| me.checks.clone()));
            if let Some(me) = &me {
                self.learn_clock(me.server_now);
            }
            let is_held = self
                .pair
                .with_untracked(|p| p.as_ref().is_some_and(|p| p.access_token == token));
            if is_held {
                self.me.set(me);
            }
        });
    }

    pub fn who_am_i(self) {
        if let Some(pair) = self.pair.get_untracked() {
            self.ask(pair.access_token);
        }
    }

    pub fn send_copy(self) {
        if let Some(copy) = self.copy.get_untracked() {
            self.ask(copy);
        }
    }

    pub fn refresh(self) {
        let Some(pair) = self.pair.get_untracked() else {
            return;
        };
        self.act(async move {
            let exchange = api::refresh(&pair.refresh_token).await;
            self.show(&exchange, vec![r#"{"refresh_token":"eyJ…"}"#.into()]);
            match exchange.value() {
                Some(new_pair) => {
                    self.error.set(None);
                    self.me.set(None);
                    self.verdict.set(None);
                    self.hold(Some(new_pair));
                }
                None => {
                    self.judge(&exchange, None);
                    self.error.set(Some(exchange.error()));
                }
            }
        });
    }

    /// Forgets the tokens here and ends the refresh family on the server. A copy of the
    /// access token is kept aside, to show what a thief could still do with it.
    pub fn logout(self) {
        let Some(pair) = self.pair.get_untracked() else {
            return;
        };
        self.act(async move {
            let exchange = api::logout(&pair.refresh_token).await;
            self.show(&exchange, vec![r#"{"refresh_token":"eyJ…"}"#.into()]);
            self.copy.set(Some(pair.access_token.clone()));
            self.me.set(None);
            self.hold(None);
            let family = api::family(&pair.refresh_token).await.value();
            self.family.set(family);
        });
    }

    /// Revokes the held access token, or else the old copy.
    pub fn revoke(self) {
        let token = self
            .pair
            .get_untracked()
            .map(|p| p.access_token)
            .or_else(|| self.copy.get_untracked());
        let Some(token) = token else { return };
        self.act(async move {
            let exchange = api::revoke(&token).await;
            self.show(&exchange, vec![bearer_line(&token)]);
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
        let Some(pair) = self.pair.get_untracked() else {
            return;
        };
        self.act(async move {
            let exchange = api::rotate_key(&pair.access_token).await;
            self.show(&exchange, vec![bearer_line(&pair.access_token)]);
            if !exchange.ok() {
                self.error.set(Some(exchange.error()));
            }
        });
    }

    /// Moves the pair to another storage.
    pub fn set_keep(self, keep: Keep) {
        let old = self.keep.get_untracked();
        if old == keep {
            return;
        }
        old.clear();
        keep.remember();
        self.keep.set(keep);
        let pair = self.pair.get_untracked();
        self.hold(pair);
    }

    /// Another node now answers this column: show what it holds.
    pub fn switched(self) {
        spawn_local(self.after_action());
    }

    /// After hydration: pick up a pair kept in storage, and what the server holds.
    pub fn restore(self) {
        let keep = Keep::remembered();
        self.keep.set(keep);
        self.pair.set(keep.load());
        self.raw_stored.set(keep.raw());
        spawn_local(self.after_action());
    }
}
