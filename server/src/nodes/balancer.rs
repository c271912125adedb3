//! The front door's balancing, switched from the page: **direct** (the page names the node,
//! `/node/<name>/…`), **round-robin** (each request to the next node in turn) or **sticky**
//! (the balancer sets an affinity cookie at the first answer and sends that browser to the same
//! node from then on, as cloud load balancers do). Only the two schemes' APIs are spread: the
//! page's trace, lab and view of the nodes stay on the node that served it.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use axum::http::{HeaderMap, HeaderValue};

use crate::api::headers;

/// The balancer's affinity cookie (its value: a node name).
pub const AFFINITY_COOKIE: &str = "authlab_lb";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Direct,
    RoundRobin,
    Sticky,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Direct, Mode::RoundRobin, Mode::Sticky];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Direct => "direct",
            Mode::RoundRobin => "round-robin",
            Mode::Sticky => "sticky",
        }
    }

    pub fn parse(name: &str) -> Option<Mode> {
        Self::ALL.into_iter().find(|mode| mode.name() == name)
    }
}

#[derive(Debug, Default)]
pub struct Balancer {
    mode: AtomicU8,
    turn: AtomicUsize,
}

impl Balancer {
    pub fn mode(&self) -> Mode {
        Mode::ALL[usize::from(self.mode.load(Ordering::Relaxed)).min(2)]
    }

    pub fn set(&self, mode: Mode) {
        let index = Mode::ALL.iter().position(|m| *m == mode).unwrap_or(0);
        self.mode.store(index as u8, Ordering::Relaxed);
    }

    /// The index of the next node in turn among `count` (at least one).
    pub fn next(&self, count: usize) -> usize {
        self.turn.fetch_add(1, Ordering::Relaxed) % count.max(1)
    }
}

/// Whether the balancer spreads a request to `path`: the two schemes' APIs.
pub fn spread(path: &str) -> bool {
    path.starts_with("/api/session/") || path.starts_with("/api/jwt/")
}

/// The node the request's affinity cookie names.
pub fn affinity(headers: &HeaderMap) -> Option<&str> {
    headers::cookie(headers, AFFINITY_COOKIE)
}

/// The affinity cookie for `node` (node names are plain: a few letters, digits, dashes).
pub fn affinity_cookie(node: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{AFFINITY_COOKIE}={node}; Path=/; HttpOnly; SameSite=Lax"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip_and_turns_cycle() {
        let balancer = Balancer::default();
        assert_eq!(balancer.mode(), Mode::Direct);
        for mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.name()), Some(mode));
            balancer.set(mode);
            assert_eq!(balancer.mode(), mode);
        }
        assert_eq!(Mode::parse("random"), None);
        let turns: Vec<usize> = (0..4).map(|_| balancer.next(2)).collect();
        assert_eq!(turns, [0, 1, 0, 1]);
        assert!(spread("/api/session/me") && spread("/api/jwt/login"));
        assert!(!spread("/api/trace/stream") && !spread("/api/lab") && !spread("/"));
    }
}
