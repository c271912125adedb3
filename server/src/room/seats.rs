//! `Room`: one seat per visitor's lab — where its page is in the guides, whether its trace
//! stream is open, what its stolen copies did after a logout — and the presenter's step that
//! "follow me" sends to every other page.
//!
//! The results are read off the trace (`observe`), not reported by the pages: what a seat "saw"
//! is what the server answered in that lab.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use app::api::room::At;
use app::api::trace::TraceEntry;
use tokio::sync::watch;

/// At most this many seats are kept (as many as labs).
const MAX_SEATS: usize = 1000;
/// A seat whose page has gone counts as in the room this long after its last request.
const RECENT: Duration = Duration::from_secs(600);
/// A seat unused this long is forgotten.
const IDLE: Duration = Duration::from_secs(4 * 3600);

/// A 2xx status.
pub fn accepted(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The two schemes, as a seat counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Session = 0,
    Jwt = 1,
}

#[derive(Clone, Debug)]
pub(super) struct Seat {
    pub at: Option<At>,
    /// Open trace streams: a page that is there now.
    pub streams: u32,
    pub last_seen: Instant,
    /// Logged out (and not logged in since), per side.
    logged_out: [bool; 2],
    /// What replaying a stolen copy after a logout got, per side: an acceptance once seen
    /// stays (a later expiry does not undo what the attendee saw), else the last refusal.
    pub after_logout: [Option<u16>; 2],
}

impl Seat {
    fn new(now: Instant) -> Self {
        Self {
            at: None,
            streams: 0,
            last_seen: now,
            logged_out: [false; 2],
            after_logout: [None; 2],
        }
    }

    /// A page that is open now, or was a moment ago.
    pub fn present(&self, now: Instant) -> bool {
        self.streams > 0 || now.duration_since(self.last_seen) < RECENT
    }
}

#[derive(Debug, Default)]
pub(super) struct Seats {
    pub by_lab: HashMap<Arc<str>, Seat>,
    /// The presenter's lab: the last lab that reported a step with the presenter's key.
    pub presenter: Option<Arc<str>>,
    pub presenter_at: Option<At>,
    pub following: bool,
}

impl Seats {
    fn seat(&mut self, lab: &Arc<str>, now: Instant) -> &mut Seat {
        if !self.by_lab.contains_key(lab) && self.by_lab.len() >= MAX_SEATS {
            self.by_lab
                .retain(|_, seat| seat.streams > 0 || now.duration_since(seat.last_seen) < IDLE);
            if self.by_lab.len() >= MAX_SEATS {
                let oldest = self
                    .by_lab
                    .iter()
                    .filter(|(_, seat)| seat.streams == 0)
                    .min_by_key(|(_, seat)| seat.last_seen)
                    .map(|(lab, _)| Arc::clone(lab));
                if let Some(oldest) = oldest {
                    self.by_lab.remove(&oldest);
                }
            }
        }
        let seat = self
            .by_lab
            .entry(Arc::clone(lab))
            .or_insert_with(|| Seat::new(now));
        seat.last_seen = now;
        seat
    }

    /// The attendees in the room now: every present seat but the presenter's.
    pub fn attendees(&self, now: Instant) -> impl Iterator<Item = (&Arc<str>, &Seat)> {
        self.by_lab
            .iter()
            .filter(move |(lab, seat)| Some(*lab) != self.presenter.as_ref() && seat.present(now))
    }
}

/// The room. One `Arc`; the tracer holds a clone to report every request.
#[derive(Clone, Debug)]
pub struct Room(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    /// The presenter's key, as the presenter's link and cookie carry it. `None`: no presenter
    /// (a service without a room, such as orders).
    key: Option<String>,
    seats: Mutex<Seats>,
    /// The step attendees' pages follow: `Some` while "follow me" is on.
    follow: watch::Sender<Option<At>>,
}

impl Room {
    pub fn new(key: Option<String>) -> Self {
        Self(Arc::new(Inner {
            key,
            seats: Mutex::default(),
            follow: watch::Sender::new(None),
        }))
    }

    pub(super) fn seats(&self) -> MutexGuard<'_, Seats> {
        self.0
            .seats
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Is `offered` the presenter's key? (Constant time; never with no key.)
    pub fn is_key(&self, offered: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.0
            .key
            .as_deref()
            .is_some_and(|key| bool::from(key.as_bytes().ct_eq(offered.as_bytes())))
    }

    /// The presenter's link (it holds the key): for the presenter's terminal only.
    pub fn presenter_link(&self) -> Option<String> {
        self.0.key.as_ref().map(|key| format!("/room?key={key}"))
    }

    /// Reads one finished request of `lab`: logins, logouts, the attacker's replays, a reset.
    pub fn observe(&self, lab: Option<&Arc<str>>, entry: &TraceEntry) {
        let Some(lab) = lab else { return };
        let side = match entry.path.as_str() {
            "/api/session/login" | "/api/session/logout" | "/api/session/me" => Some(Side::Session),
            "/api/jwt/login" | "/api/jwt/logout" | "/api/jwt/me" => Some(Side::Jwt),
            _ => None,
        };
        let ok = (200..300).contains(&entry.status);
        let mut seats = self.seats();
        let seat = seats.seat(lab, Instant::now());
        match (side, entry.path.rsplit('/').next()) {
            (Some(side), Some("login")) if ok => seat.logged_out[side as usize] = false,
            (Some(side), Some("logout")) if ok => seat.logged_out[side as usize] = true,
            (Some(side), Some("me")) if entry.actor == "attacker" => {
                let seen = &mut seat.after_logout[side as usize];
                if seat.logged_out[side as usize] && !seen.is_some_and(accepted) {
                    *seen = Some(entry.status);
                }
            }
            (None, _) if ok && entry.path == "/api/lab/reset" => {
                seat.logged_out = [false; 2];
                seat.after_logout = [None; 2];
            }
            _ => {}
        }
    }

    /// `lab`'s page is at `at` (`None`: its presenter panel is closed). When the page is the
    /// presenter's, its step is the one followers move to.
    pub fn report(&self, lab: Option<&Arc<str>>, at: Option<At>, presenter: bool) {
        let mut seats = self.seats();
        if let Some(lab) = lab {
            seats.seat(lab, Instant::now()).at = at;
        }
        if presenter {
            seats.presenter = lab.cloned();
            if at.is_some() {
                seats.presenter_at = at;
                if seats.following {
                    self.0.follow.send_replace(at);
                }
            }
        }
    }

    /// Turns "follow me" on (followers move to the presenter's step now and at every step) or off.
    pub fn set_following(&self, on: bool) {
        let mut seats = self.seats();
        seats.following = on;
        self.0
            .follow
            .send_replace(if on { seats.presenter_at } else { None });
    }

    /// A page of `lab` opened its stream: it is in the room until the returned guard drops.
    pub fn join(&self, lab: Option<Arc<str>>) -> Joined {
        if let Some(lab) = &lab {
            self.seats().seat(lab, Instant::now()).streams += 1;
        }
        Joined {
            room: self.clone(),
            lab,
        }
    }

    /// The step to follow, as it changes (`None` while "follow me" is off).
    pub fn follow(&self) -> watch::Receiver<Option<At>> {
        self.0.follow.subscribe()
    }

    /// Is `lab` the presenter's? (The presenter's own page does not follow itself.)
    pub fn is_presenter_lab(&self, lab: Option<&Arc<str>>) -> bool {
        lab.is_some() && self.seats().presenter.as_ref() == lab
    }
}

/// A page's open stream; the seat counts it until it drops.
pub struct Joined {
    room: Room,
    lab: Option<Arc<str>>,
}

impl Drop for Joined {
    fn drop(&mut self) {
        if let Some(lab) = &self.lab {
            if let Some(seat) = self.room.seats().by_lab.get_mut(lab) {
                seat.streams = seat.streams.saturating_sub(1);
                seat.last_seen = Instant::now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::api::trace::CredentialSeen;
    use app::api::Area;

    fn entry(path: &str, status: u16, actor: &str) -> TraceEntry {
        TraceEntry {
            id: 1,
            node: "a".into(),
            at_ms: 0,
            method: "POST".into(),
            path: path.into(),
            scheme: Area::Other,
            actor: actor.into(),
            credential: CredentialSeen {
                kind: "none".into(),
                carrier: None,
                bytes: 0,
                handle: None,
            },
            checks: Vec::new(),
            status,
            micros: 0,
            view: false,
        }
    }

    #[test]
    fn a_replay_counts_after_a_logout_only_and_a_reset_clears_it() {
        let room = Room::new(Some("k".repeat(43)));
        let lab: Arc<str> = Arc::from("lab-one");
        let see = |path, status, actor| room.observe(Some(&lab), &entry(path, status, actor));
        see("/api/jwt/login", 200, "page");
        see("/api/jwt/me", 200, "attacker");
        assert_eq!(room.seats().by_lab[&lab].after_logout, [None, None]);
        see("/api/jwt/logout", 200, "page");
        see("/api/session/logout", 200, "page");
        see("/api/jwt/me", 200, "attacker");
        see("/api/session/me", 401, "attacker");
        assert_eq!(
            room.seats().by_lab[&lab].after_logout,
            [Some(401), Some(200)]
        );
        // Expired later: what the attendee saw after logout stays.
        see("/api/jwt/me", 401, "attacker");
        assert_eq!(room.seats().by_lab[&lab].after_logout[1], Some(200));
        see("/api/lab/reset", 200, "page");
        assert_eq!(room.seats().by_lab[&lab].after_logout, [None, None]);
        // No lab: the server's own requests are nobody's seat.
        room.observe(None, &entry("/api/jwt/login", 200, "page"));
        assert_eq!(room.seats().by_lab.len(), 1);
    }

    #[test]
    fn followers_get_the_presenters_step_only_while_following() {
        let room = Room::new(Some("k".repeat(43)));
        let (presenter, attendee): (Arc<str>, Arc<str>) = (Arc::from("p"), Arc::from("a"));
        let mut follow = room.follow();
        let at = |slide| Some(At { guide: 1, slide });
        room.report(Some(&presenter), at(2), true);
        assert_eq!(*follow.borrow_and_update(), None);
        room.set_following(true);
        assert_eq!(*follow.borrow_and_update(), at(2));
        room.report(Some(&presenter), at(3), true);
        assert_eq!(*follow.borrow_and_update(), at(3));
        // An attendee's step moves nobody.
        room.report(Some(&attendee), at(5), false);
        assert!(!follow.has_changed().unwrap());
        assert!(room.is_presenter_lab(Some(&presenter)));
        assert!(!room.is_presenter_lab(Some(&attendee)));
        room.set_following(false);
        assert_eq!(*follow.borrow_and_update(), None);
    }

    #[test]
    fn keys_and_streams() {
        assert!(!Room::new(None).is_key(""));
        let room = Room::new(Some("secret-key".into()));
        assert!(room.is_key("secret-key") && !room.is_key("secret-kez") && !room.is_key(""));
        let lab: Arc<str> = Arc::from("x");
        let joined = room.join(Some(Arc::clone(&lab)));
        assert_eq!(room.seats().by_lab[&lab].streams, 1);
        drop(joined);
        assert_eq!(room.seats().by_lab[&lab].streams, 0);
        assert!(room.seats().by_lab[&lab].present(Instant::now()));
    }
}
