//! The attacker's copies: credentials snapshotted on the server, named by a random copy id
//! that only the page which stole them holds. They never reach page JavaScript.

use std::fmt;

use app::api::{Carrier, Scheme};

use crate::kit::bounded::BoundedLog;

/// At most this many copies are kept; the oldest goes first.
const KEPT: usize = 64;

/// One copied credential.
#[derive(Clone)]
pub struct Copy {
    pub id: String,
    pub scheme: Scheme,
    /// Where it travelled: the replay sends it the same way.
    pub carrier: Carrier,
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
pub struct Stolen(BoundedLog<Copy, KEPT>);

impl Stolen {
    pub fn keep(&self, copy: Copy) {
        self.0.push(copy);
    }

    pub fn find(&self, id: &str) -> Option<Copy> {
        self.0
            .find_map(|copy| (copy.id == id).then(|| copy.clone()))
    }

    pub fn clear(&self) {
        self.0.clear();
    }
}
