//! Where the page keeps a credential its script must send — the JWT pair, or a header-carried
//! session id: localStorage, sessionStorage or page memory (`gloo-storage`). Browser only.
//! Each column keeps its credential under its own key and remembers its own choice.

use std::future::Future;
use std::pin::Pin;

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Carrier;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Local,
    Session,
    Memory,
}

/// The storage keys of one column: the credential, and the remembered choices (not secrets).
#[derive(Clone, Copy, Debug)]
pub struct Keys {
    pub value: &'static str,
    pub keep: &'static str,
    pub carrier: &'static str,
}

impl Keep {
    pub const ALL: [Keep; 3] = [Keep::Local, Keep::Session, Keep::Memory];

    pub fn label(self) -> &'static str {
        match self {
            Keep::Local => "localStorage",
            Keep::Session => "sessionStorage",
            Keep::Memory => "memory",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Keep::Local => "local",
            Keep::Session => "session",
            Keep::Memory => "memory",
        }
    }

    /// What the choice means for the learner.
    pub fn consequence(self) -> &'static str {
        match self {
            Keep::Local => "survives reloads, new tabs and browser restarts; any script on this origin can read it",
            Keep::Session => "survives a reload of this tab only; any script on this origin can read it",
            Keep::Memory => "gone at the next reload; harder for injected script to find, but still in reach",
        }
    }

    fn from_slug(slug: &str) -> Option<Keep> {
        Keep::ALL.into_iter().find(|keep| keep.slug() == slug)
    }

    /// The remembered choice (localStorage by default).
    pub fn remembered(keys: Keys) -> Keep {
        LocalStorage::raw()
            .get_item(keys.keep)
            .ok()
            .flatten()
            .and_then(|slug| Keep::from_slug(&slug))
            .unwrap_or(Keep::Local)
    }

    pub fn remember(self, keys: Keys) {
        let _ = LocalStorage::raw().set_item(keys.keep, self.slug());
    }

    fn storage(self) -> Option<web_sys::Storage> {
        match self {
            Keep::Local => Some(LocalStorage::raw()),
            Keep::Session => Some(SessionStorage::raw()),
            Keep::Memory => None,
        }
    }

    /// The raw stored text, as devtools would show it (memory keeps nothing here).
    pub fn raw(self, keys: Keys) -> Option<String> {
        self.storage()?.get_item(keys.value).ok().flatten()
    }

    /// Stores `text` here (memory: nothing to store; the column's signal holds it).
    pub fn save(self, keys: Keys, text: &str) {
        if let Some(storage) = self.storage() {
            let _ = storage.set_item(keys.value, text);
        }
    }

    pub fn clear(self, keys: Keys) {
        if let Some(storage) = self.storage() {
            let _ = storage.remove_item(keys.value);
        }
    }
}

/// Moves a column's choice to `new` (the caller then stores its credential there); false when
/// nothing changed.
pub fn switch_keep(keys: Keys, keep: RwSignal<Keep>, new: Keep) -> bool {
    let old = keep.get_untracked();
    if old == new {
        return false;
    }
    old.clear(keys);
    new.remember(keys);
    keep.set(new);
    true
}

/// Runs a column's action, then `after` (what the server holds now), with `busy` on until
/// `after` turns it off. Boxed: one copy of this wrapper serves every action.
pub fn act(
    busy: RwSignal<bool>,
    job: Pin<Box<dyn Future<Output = ()>>>,
    after: Pin<Box<dyn Future<Output = ()>>>,
) {
    busy.set(true);
    spawn_local(async move {
        job.await;
        after.await;
    });
}

/// The remembered carrier of a column, or its classic one.
pub fn remembered_carrier(keys: Keys, classic: Carrier) -> Carrier {
    match LocalStorage::raw()
        .get_item(keys.carrier)
        .ok()
        .flatten()
        .as_deref()
    {
        Some("cookie") => Carrier::Cookie,
        Some("header") => Carrier::Header,
        _ => classic,
    }
}

pub fn remember_carrier(keys: Keys, carrier: Carrier) {
    let _ = LocalStorage::raw().set_item(keys.carrier, carrier.as_str());
}
