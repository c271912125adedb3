//! The attacker's copies: credentials snapshotted on the server, named by a random copy id
//! that only the page which stole them holds. They never reach page JavaScript.

use std::fmt;
use std::sync::Arc;

use app::api::{Carrier, Scheme};

use crate::kit::bounded::BoundedLog;
use crate::kit::visit;

/// At most this many copies are kept, all labs together (a room of 100 attendees stealing a few
/// each); the oldest goes first.
const KEPT: usize = 1024;

/// One copied credential.
#[derive(Clone)]
pub struct Copy {
    pub id: String,
    pub scheme: Scheme,
    /// Where it travelled: the replay sends it the same way.
    pub carrier: Carrier,
    pub value: String,
    pub taken_at: i64,
    /// The lab it was stolen in: only that lab may replay it.
    pub owner: Option<Arc<str>>,
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
    /// Keeps `copy` in the current request's lab.
    pub fn keep(&self, mut copy: Copy) {
        copy.owner = visit::current();
        self.0.push(copy);
    }

    /// The copy `id` of the current request's lab.
    pub fn find(&self, id: &str) -> Option<Copy> {
        let owner = visit::current();
        self.0
            .find_map(|copy| (copy.id == id && copy.owner == owner).then(|| copy.clone()))
    }

    /// Forgets the current request's lab's copies.
    pub fn clear(&self) {
        let owner = visit::current();
        self.0.retain(|copy| copy.owner != owner);
    }
}
