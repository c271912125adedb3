//! The request trace: every `/api` request, with the credential it carried, each check the
//! server ran (in order, with its outcome and cost) and the status it answered. Checks are
//! noted from wherever they run (the session store, an extractor, the JWT verifier) into the
//! current request's collector, a task-local. Nothing secret is kept: credentials appear as
//! kind, size and a short hash.

mod middleware;
mod stream;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use app::api::trace::{Check, TraceEntry};
use tokio::sync::broadcast;

pub use middleware::{handle, raw_credential, record, ACTOR_HEADER, TRACE_ID_HEADER};
pub use stream::router;

/// How many entries the server keeps for a page that opens late.
const KEPT: usize = 200;

tokio::task_local! {
    static CURRENT: Arc<Mutex<Vec<Check>>>;
}

/// Notes a finished check into the current request's trace (a no-op outside a request).
pub fn note(check: &Check) {
    let _ = CURRENT.try_with(|checks| {
        checks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(check.clone());
    });
}

/// Notes a check that ran from `started` until now.
pub fn note_since(name: &str, started: Instant, passed: bool, detail: impl Into<String>) {
    note(&Check {
        name: name.to_owned(),
        passed,
        detail: detail.into(),
        micros: started.elapsed().as_micros().min(u64::MAX as u128) as u64,
    });
}

/// The recent entries, and a channel that carries each new one as it is finished.
#[derive(Clone, Debug)]
pub struct Tracer {
    entries: Arc<Mutex<VecDeque<TraceEntry>>>,
    sender: broadcast::Sender<TraceEntry>,
    next_id: Arc<AtomicU64>,
}

impl Default for Tracer {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(256);
        Self {
            entries: Arc::new(Mutex::new(VecDeque::with_capacity(KEPT))),
            sender,
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl Tracer {
    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    fn publish(&self, entry: TraceEntry) {
        let copy = {
            let mut entries = self
                .entries
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if entries.len() == KEPT {
                entries.pop_front();
            }
            entries.push_back(entry);
            // A copy only for pages that follow the stream (none under a load test). Counted
            // after the entry is kept: a page that subscribes later finds it among the kept ones.
            (self.sender.receiver_count() > 0)
                .then(|| entries.back().cloned())
                .flatten()
        };
        if let Some(copy) = copy {
            // A page going away meanwhile is fine.
            let _ = self.sender.send(copy);
        }
    }

    /// The kept entries with an id above `after`, oldest first.
    pub fn since(&self, after: u64) -> Vec<TraceEntry> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .filter(|entry| entry.id > after)
            .cloned()
            .collect()
    }

    /// The kept entry with this id.
    pub fn get(&self, id: u64) -> Option<TraceEntry> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .find(|entry| entry.id == id)
            .cloned()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<TraceEntry> {
        self.sender.subscribe()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}
