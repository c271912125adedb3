//! The attacker's copies: credentials snapshotted on the server, named by a random copy id
//! that only the page which stole them holds. They never reach page JavaScript.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

/// At most this many copies are kept; the oldest goes first.
const KEPT: usize = 64;

/// One copied credential.
#[derive(Clone)]
pub struct Copy {
    pub id: String,
    /// "session" or "jwt".
    pub scheme: &'static str,
    pub value: String,
    pub taken_at: i64,
}

impl fmt::Debug for Copy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Copy")
            .field("scheme", &self.scheme)
            .field("value", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Stolen {
    copies: Arc<Mutex<VecDeque<Copy>>>,
}

impl Stolen {
    fn locked(&self) -> std::sync::MutexGuard<'_, VecDeque<Copy>> {
        self.copies.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn keep(&self, copy: Copy) {
        let mut copies = self.locked();
        if copies.len() == KEPT {
            copies.pop_front();
        }
        copies.push_back(copy);
    }

    pub fn find(&self, id: &str) -> Option<Copy> {
        self.locked().iter().find(|copy| copy.id == id).cloned()
    }

    pub fn clear(&self) {
        self.locked().clear();
    }
}
