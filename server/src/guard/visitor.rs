//! Every browser gets its own lab: an anonymous lab id in a cookie of its own scopes the lab
//! clock, the lab's switches, the stolen copies, transfers and the trace (`kit::visit`), so one attendee's fast-forward or CSRF switch changes nobody
//! else's lab. The id is handed out with the page; the page's API calls carry it back, and so
//! do the lab's other sites' requests (the cookie is `SameSite=None`, as the CSRF lab's evil
//! site must act in the lab of the visitor who opened it). A request without one (curl, a test,
//! a background task) runs in the server's own lab, as before.
//!
//! Labs are bounded (the oldest idle one goes first) and forgotten after four idle hours. An id
//! this server does not know yet (another node's, or one from before a restart) is adopted, not
//! replaced, so a browser keeps one lab id on every node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::policy::{self, VisitorSwitches};
use crate::api::headers::cookie;
use crate::kit::clock::{self, VisitorOffset};
use crate::kit::visit;

/// The lab id's cookie.
pub const LAB_COOKIE: &str = "authlab_lab";
/// At most this many labs are kept.
const MAX_LABS: usize = 1000;
/// A lab unused this long is forgotten.
const IDLE: Duration = Duration::from_secs(4 * 3600);

struct Lab {
    clock: VisitorOffset,
    switches: VisitorSwitches,
    last_seen: Instant,
}

/// The visitors' labs, by lab id.
#[derive(Clone, Default)]
pub struct Visitors(Arc<Mutex<HashMap<String, Lab>>>);

impl Visitors {
    fn labs(&self) -> std::sync::MutexGuard<'_, HashMap<String, Lab>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The lab of `id`, made (or adopted) when unknown.
    fn enter(&self, id: &str) -> (VisitorOffset, VisitorSwitches) {
        let now = Instant::now();
        let mut labs = self.labs();
        if !labs.contains_key(id) && labs.len() >= MAX_LABS {
            labs.retain(|_, lab| now.duration_since(lab.last_seen) < IDLE);
            if labs.len() >= MAX_LABS {
                let oldest = labs
                    .iter()
                    .min_by_key(|(_, lab)| lab.last_seen)
                    .map(|(id, _)| id.clone());
                if let Some(oldest) = oldest {
                    labs.remove(&oldest);
                }
            }
        }
        let lab = labs.entry(id.to_owned()).or_insert_with(|| Lab {
            clock: VisitorOffset::default(),
            switches: VisitorSwitches::default(),
            last_seen: now,
        });
        if now.duration_since(lab.last_seen) >= IDLE {
            // Idle too long: a fresh lab under the same id.
            lab.clock = VisitorOffset::default();
            lab.switches = VisitorSwitches::default();
        }
        lab.last_seen = now;
        (lab.clock.clone(), lab.switches.clone())
    }

    /// How many labs are kept.
    pub fn count(&self) -> usize {
        self.labs().len()
    }
}

/// A lab id: 128 random bits, base64url.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        // No randomness: no lab of one's own (the server's lab serves).
        return String::new();
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

fn valid(id: &str) -> bool {
    id.len() == 22
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Is this a page load (where a browser gets its lab id)?
fn page_load(request: &Request) -> bool {
    request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// Runs the request in its visitor's lab; a page load without a lab id gets one.
pub async fn visit(State(visitors): State<Visitors>, request: Request, next: Next) -> Response {
    let id = cookie(request.headers(), LAB_COOKIE)
        .filter(|id| valid(id))
        .map(str::to_owned);
    if let Some(id) = id {
        let (offset, switches) = visitors.enter(&id);
        let work = policy::in_visit(switches, next.run(request));
        return visit::in_lab(Arc::from(id), clock::in_visit(offset, work)).await;
    }
    let hand_out = page_load(&request);
    let mut response = next.run(request).await;
    let id = if hand_out { new_id() } else { String::new() };
    if !id.is_empty() {
        visitors.enter(&id);
        let cookie = format!("{LAB_COOKIE}={id}; Path=/; HttpOnly; SameSite=None; Secure");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_checked_and_labs_are_bounded() {
        let (a, b) = (new_id(), new_id());
        assert!(valid(&a) && valid(&b));
        assert_ne!(a, b);
        assert!(!valid("short") && !valid("../../../../../../../etc") && !valid(&"é".repeat(11)));
        let visitors = Visitors::default();
        for _ in 0..MAX_LABS + 5 {
            visitors.enter(&new_id());
        }
        assert_eq!(visitors.count(), MAX_LABS);
    }
}
