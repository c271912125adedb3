//! The cookie-session column: its state in the page, and the actions that change it.

mod browser_holds;
mod server_holds;
mod status;

pub use browser_holds::SessionBrowserHolds;
pub use server_holds::SessionServerHolds;
pub use status::{SessionActions, SessionIdentity};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::exchange::Shown;
use super::lab::LabTime;
use crate::api::session::{self as api, Credentials, MeAnswer, StoreView};

const COOKIE_LINE: &str =
    "Cookie: (added by the browser when it holds the session cookie; page scripts cannot see it)";

/// What the left column knows; shared by its panels through context.
#[derive(Clone, Copy)]
pub struct SessionLab {
    /// The logged-in user and session, as the server last answered.
    pub current: RwSignal<Option<MeAnswer>>,
    pub store: RwSignal<Option<StoreView>>,
    pub last: RwSignal<Option<Shown>>,
    pub error: RwSignal<Option<String>>,
    /// `document.cookie` as page scripts see it, read after every action.
    pub document_cookie: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

impl SessionLab {
    pub fn provide() -> Self {
        let lab = Self {
            current: RwSignal::new(None),
            store: RwSignal::new(None),
            last: RwSignal::new(None),
            error: RwSignal::new(None),
            document_cookie: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        provide_context(lab);
        lab
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    fn set_current(self, answer: Option<MeAnswer>) {
        if let Some(answer) = &answer {
            LabTime::expect().learn(answer.session.server_now);
        }
        self.current.set(answer);
    }

    async fn after_action(self) {
        let store = api::store().await;
        self.store.set(store.value());
        self.document_cookie.set(Some(document_cookie()));
        self.busy.set(false);
    }

    pub fn login(self, credentials: Credentials) {
        self.busy.set(true);
        spawn_local(async move {
            let exchange = api::login(&credentials).await;
            let sent = vec![
                "Content-Type: application/json".to_owned(),
                format!(
                    r#"{{"username":"{}","password":"{}"}}"#,
                    credentials.username,
                    "•".repeat(credentials.password.chars().count())
                ),
            ];
            self.last.set(Some(Shown::of(&exchange, sent)));
            match exchange.value() {
                Some(answer) => {
                    self.error.set(None);
                    self.set_current(Some(answer.into()));
                }
                None => self.error.set(Some(exchange.error())),
            }
            self.after_action().await;
        });
    }

    pub fn who_am_i(self) {
        self.busy.set(true);
        spawn_local(async move {
            let exchange = api::me().await;
            self.last
                .set(Some(Shown::of(&exchange, vec![COOKIE_LINE.to_owned()])));
            self.set_current(exchange.value());
            self.after_action().await;
        });
    }

    pub fn logout(self) {
        self.busy.set(true);
        spawn_local(async move {
            let exchange = api::logout().await;
            self.last
                .set(Some(Shown::of(&exchange, vec![COOKIE_LINE.to_owned()])));
            if exchange.ok() {
                self.set_current(None);
            }
            self.after_action().await;
        });
    }

    /// Ends one session by its handle (this one, another of mine, or anyone's for an admin).
    pub fn kill(self, handle: String) {
        self.busy.set(true);
        spawn_local(async move {
            let exchange = api::kill(handle.clone()).await;
            let sent = vec![format!(r#"{{"handle":"{handle}"}}"#)];
            self.last.set(Some(Shown::of(&exchange, sent)));
            let was_mine = self
                .current
                .with_untracked(|c| c.as_ref().is_some_and(|me| me.session.handle == handle));
            if exchange.ok() && was_mine {
                self.set_current(None);
            }
            self.after_action().await;
        });
    }

    pub fn logout_all(self) {
        self.busy.set(true);
        spawn_local(async move {
            let exchange = api::logout_all().await;
            self.last
                .set(Some(Shown::of(&exchange, vec![COOKIE_LINE.to_owned()])));
            if exchange.ok() {
                self.set_current(None);
            }
            self.after_action().await;
        });
    }

    /// Another node now answers this column: show what its store holds.
    pub fn switched(self) {
        spawn_local(async move { self.store.set(api::store().await.value()) });
    }

    /// After hydration: learn the store in use and pick up a session that survived a reload,
    /// without showing a request (and without a 401 for an anonymous visitor).
    pub fn restore(self) {
        spawn_local(async move {
            let store = api::store().await.value();
            let logged_in = store
                .as_ref()
                .is_some_and(|view| view.rows.iter().any(|row| row.this_one));
            self.store.set(store);
            if logged_in {
                self.set_current(api::me().await.value());
            }
            self.document_cookie.set(Some(document_cookie()));
        });
    }
}

/// Browser only.
pub fn document_cookie() -> String {
    js_sys::Reflect::get(&document(), &"cookie".into())
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}
