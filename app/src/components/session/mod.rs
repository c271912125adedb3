//! The cookie-session column: its state in the page, and the actions that change it.

mod browser_holds;
mod server_holds;
mod status;

pub use browser_holds::SessionBrowserHolds;
pub use server_holds::SessionServerHolds;
pub use status::{SessionActions, SessionIdentity};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::carrier_choice::Carriers;
use super::exchange::Shown;
use super::keep::{self, remember_carrier, remembered_carrier, Keep, Keys};
use super::lab::LabTime;
use crate::api::http::Held;
use crate::api::session::{self as api, Credentials, MeAnswer, StoreView};
use crate::api::Carrier;

const COOKIE_LINE: &str =
    "Cookie: (added by the browser when it holds the session cookie; page scripts cannot see it)";

/// With the header carrier the id is kept under `authlab.session`.
pub const KEYS: Keys = Keys {
    value: "authlab.session",
    keep: "authlab.session.keep",
    carrier: "authlab.session.carrier",
};

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
    /// How the session id travels.
    pub carrier: RwSignal<Carrier>,
    /// With the header carrier: where the page keeps the id, and the id.
    pub keep: RwSignal<Keep>,
    pub id: RwSignal<Option<String>>,
    /// The raw text in the chosen storage, read after every change.
    pub raw_stored: RwSignal<Option<String>>,
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
            carrier: Carriers::expect().session,
            keep: RwSignal::new(Keep::Local),
            id: RwSignal::new(None),
            raw_stored: RwSignal::new(None),
        };
        provide_context(lab);
        lab
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// What this page's script adds to a session request: the id with the header carrier,
    /// nothing with the cookie (the browser adds it).
    pub fn held(self) -> Held {
        match self.id.get_untracked() {
            Some(id) => Held::SessionId(id),
            None => Held::Browser,
        }
    }

    /// The request line the page adds, as the exchange panel shows it.
    fn sent_line(self) -> String {
        match self.id.get_untracked() {
            Some(id) => format!("X-Session-Id: {} (added by this page's script)", short(&id)),
            None => COOKIE_LINE.to_owned(),
        }
    }

    /// Keeps `id` (or forgets it) where the learner chose.
    fn hold(self, id: Option<String>) {
        let keep = self.keep.get_untracked();
        match &id {
            Some(id) => keep.save(KEYS, id),
            None => keep.clear(KEYS),
        }
        self.id.set(id);
        self.raw_stored.set(keep.raw(KEYS));
    }

    /// Another carrier: the id held here is forgotten; the next login uses the new carrier.
    pub fn set_carrier(self, carrier: Carrier) {
        if self.carrier.get_untracked() == carrier {
            return;
        }
        remember_carrier(KEYS, carrier);
        self.hold(None);
        self.carrier.set(carrier);
        self.set_current(None);
    }

    /// Moves the id to another storage.
    pub fn set_keep(self, keep: Keep) {
        if keep::switch_keep(KEYS, self.keep, keep) {
            self.hold(self.id.get_untracked());
        }
    }

    fn set_current(self, answer: Option<MeAnswer>) {
        if let Some(answer) = &answer {
            LabTime::expect().learn(answer.session.server_now);
        }
        self.current.set(answer);
    }

    /// Runs an action, then shows what the store holds (one boxed wrapper for every action).
    fn act(self, job: impl std::future::Future<Output = ()> + 'static) {
        keep::act(self.busy, Box::pin(job), Box::pin(self.after_action()));
    }

    async fn after_action(self) {
        let store = api::store(self.held().cred()).await;
        self.store.set(store.value());
        self.document_cookie.set(Some(document_cookie()));
        self.busy.set(false);
    }

    pub fn login(self, credentials: Credentials) {
        let carrier = self.carrier.get_untracked();
        let credentials = Credentials {
            carrier: Some(carrier),
            ..credentials
        };
        self.act(async move {
            let exchange = api::login(&credentials).await;
            let sent = vec![
                "Content-Type: application/json".to_owned(),
                format!(
                    r#"{{"username":"{}","password":"{}","carrier":"{}"}}"#,
                    credentials.username,
                    "•".repeat(credentials.password.chars().count()),
                    carrier.as_str()
                ),
            ];
            self.last.set(Some(Shown::of(&exchange, sent)));
            match exchange.value() {
                Some(mut answer) => {
                    self.error.set(None);
                    self.hold(answer.session_id.take());
                    self.set_current(Some(answer.into()));
                }
                None => self.error.set(Some(exchange.error())),
            }
        });
    }

    pub fn who_am_i(self) {
        self.act(async move {
            let exchange = api::me(self.held().cred()).await;
            self.last
                .set(Some(Shown::of(&exchange, vec![self.sent_line()])));
            self.set_current(exchange.value());
        });
    }

    pub fn logout(self) {
        self.act(async move {
            let exchange = api::logout(self.held().cred()).await;
            self.last
                .set(Some(Shown::of(&exchange, vec![self.sent_line()])));
            if exchange.ok() {
                self.set_current(None);
                self.hold(None);
            }
        });
    }

    /// Ends one session by its handle (this one, another of mine, or anyone's for an admin).
    pub fn kill(self, handle: String) {
        self.act(async move {
            let exchange = api::kill(handle.clone(), self.held().cred()).await;
            let sent = vec![format!(r#"{{"handle":"{handle}"}}"#)];
            self.last.set(Some(Shown::of(&exchange, sent)));
            let was_mine = self
                .current
                .with_untracked(|c| c.as_ref().is_some_and(|me| me.session.handle == handle));
            if exchange.ok() && was_mine {
                self.set_current(None);
                self.hold(None);
            }
        });
    }

    pub fn logout_all(self) {
        self.act(async move {
            let exchange = api::logout_all(self.held().cred()).await;
            self.last
                .set(Some(Shown::of(&exchange, vec![self.sent_line()])));
            if exchange.ok() {
                self.set_current(None);
                self.hold(None);
            }
        });
    }

    /// Another node now answers this column: show what its store holds.
    pub fn switched(self) {
        spawn_local(async move { self.store.set(api::store(self.held().cred()).await.value()) });
    }

    /// After hydration: learn the store in use and pick up a session that survived a reload,
    /// without showing a request (and without a 401 for an anonymous visitor).
    pub fn restore(self) {
        let carrier = remembered_carrier(KEYS, Carrier::Cookie);
        let keep = Keep::remembered(KEYS);
        self.carrier.set(carrier);
        self.keep.set(keep);
        if carrier == Carrier::Header {
            self.id.set(keep.raw(KEYS));
            self.raw_stored.set(keep.raw(KEYS));
        }
        spawn_local(async move {
            let store = api::store(self.held().cred()).await.value();
            let logged_in = store
                .as_ref()
                .is_some_and(|view| view.rows.iter().any(|row| row.this_one));
            self.store.set(store);
            // Also after the grid's run, which may have ended a cookie session under the page.
            let me = match logged_in {
                true => api::me(self.held().cred()).await.value(),
                false => None,
            };
            self.set_current(me);
            self.document_cookie.set(Some(document_cookie()));
        });
    }
}

/// The first characters of a credential, for display.
fn short(value: &str) -> String {
    let head: String = value.chars().take(12).collect();
    format!("{head}…")
}

/// Browser only.
pub fn document_cookie() -> String {
    js_sys::Reflect::get(&document(), &"cookie".into())
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}
