//! Where the page keeps the token pair: localStorage, sessionStorage or page memory
//! (`gloo-storage`). Browser only. Switching moves the pair; the raw stored value is shown.

use gloo_storage::{LocalStorage, SessionStorage, Storage};

use crate::api::jwt::TokenPair;

/// The key the pair is stored under.
pub const TOKEN_KEY: &str = "authlab.jwt";
/// Where the choice itself is remembered (not a secret).
const KEEP_KEY: &str = "authlab.jwt.keep";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Local,
    Session,
    Memory,
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
    pub fn remembered() -> Keep {
        LocalStorage::raw()
            .get_item(KEEP_KEY)
            .ok()
            .flatten()
            .and_then(|slug| Keep::from_slug(&slug))
            .unwrap_or(Keep::Local)
    }

    pub fn remember(self) {
        let _ = LocalStorage::raw().set_item(KEEP_KEY, self.slug());
    }

    /// The raw stored text, as devtools would show it (memory keeps nothing here).
    pub fn raw(self) -> Option<String> {
        let storage = match self {
            Keep::Local => LocalStorage::raw(),
            Keep::Session => SessionStorage::raw(),
            Keep::Memory => return None,
        };
        storage.get_item(TOKEN_KEY).ok().flatten()
    }

    pub fn load(self) -> Option<TokenPair> {
        serde_json::from_str(&self.raw()?).ok()
    }

    /// Stores the pair here (memory: nothing to store; the lab's signal holds it).
    pub fn save(self, pair: &TokenPair) {
        match self {
            Keep::Local => {
                let _ = LocalStorage::set(TOKEN_KEY, pair);
            }
            Keep::Session => {
                let _ = SessionStorage::set(TOKEN_KEY, pair);
            }
            Keep::Memory => {}
        }
    }

    pub fn clear(self) {
        match self {
            Keep::Local => LocalStorage::delete(TOKEN_KEY),
            Keep::Session => SessionStorage::delete(TOKEN_KEY),
            Keep::Memory => {}
        }
    }
}
