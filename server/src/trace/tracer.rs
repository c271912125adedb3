//! `Tracer`: the kept entries, and a channel that carries each new one as it is finished. Each
//! entry is kept with the lab its request ran in (`kit::visit`): a visitor sees their own
//! requests, the server's lab (no lab id) its own.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use app::api::trace::TraceEntry;
use tokio::sync::broadcast;

use crate::kit::bounded::BoundedLog;
use crate::kit::clock::LabClock;
use crate::kit::visit;
use crate::room::Room;

/// An entry and the lab it belongs to.
pub type Owned = (Option<Arc<str>>, TraceEntry);

/// How many entries the server keeps for pages that open late (all labs together).
const KEPT: usize = 500;

/// The recent entries, and a channel that carries each new one as it is finished. One `Arc`:
/// the middleware clones it for every request.
#[derive(Clone, Debug)]
pub struct Tracer(pub(super) Arc<Inner>);

#[derive(Debug)]
pub(super) struct Inner {
    pub(super) entries: BoundedLog<Owned, KEPT>,
    pub(super) sender: broadcast::Sender<Owned>,
    pub(super) next_id: AtomicU64,
    /// This node's name, in every entry and answer.
    pub(super) node: String,
    /// Entries are stamped on the lab clock.
    pub(super) clock: LabClock,
    /// The credentials' cookie names, to tell what a request carried.
    pub(super) cookies: CookieNames,
    /// Reads every finished request of a visitor's lab (what each attendee saw).
    pub(super) room: Room,
}

/// The names of the cookies that carry credentials (they depend on the settings).
#[derive(Clone, Copy, Debug)]
pub struct CookieNames {
    pub session: &'static str,
    pub jwt: &'static str,
}

impl Tracer {
    pub fn new(node: &str, clock: LabClock, cookies: CookieNames, room: Room) -> Self {
        let (sender, _) = broadcast::channel(256);
        Self(Arc::new(Inner {
            entries: BoundedLog::default(),
            sender,
            next_id: AtomicU64::new(1),
            node: node.to_owned(),
            clock,
            cookies,
            room,
        }))
    }

    pub(super) fn next_id(&self) -> u64 {
        self.0.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Keeps `entry` in the current request's lab, and sends it to that lab's followers.
    pub(super) fn publish(&self, entry: TraceEntry) {
        // A copy only for pages that follow the stream (none under a load test). Counted after
        // the entry is kept: a page that subscribes later finds it among the kept ones.
        let lab = visit::current();
        self.0.room.observe(lab.as_ref(), &entry);
        let copy = self.0.entries.push_then((lab, entry), |kept| {
            (self.0.sender.receiver_count() > 0).then(|| kept.clone())
        });
        if let Some(copy) = copy {
            // A page going away meanwhile is fine.
            let _ = self.0.sender.send(copy);
        }
    }

    /// The current lab's kept entries with an id above `after`, oldest first.
    pub fn since(&self, after: u64) -> Vec<TraceEntry> {
        let owner = visit::current();
        self.0
            .entries
            .filtered(|(of, entry)| *of == owner && entry.id > after)
            .into_iter()
            .map(|(_, entry)| entry)
            .collect()
    }

    /// The kept entry with this id, if it is the current lab's.
    pub fn get(&self, id: u64) -> Option<TraceEntry> {
        let owner = visit::current();
        self.0
            .entries
            .find_map(|(of, entry)| (entry.id == id && *of == owner).then(|| entry.clone()))
    }

    /// The room the followers of the trace stream sit in.
    pub fn room(&self) -> &Room {
        &self.0.room
    }

    /// Every new entry, with its lab (a follower keeps its own lab's).
    pub fn subscribe(&self) -> broadcast::Receiver<Owned> {
        self.0.sender.subscribe()
    }
}
