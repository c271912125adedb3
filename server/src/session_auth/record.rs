//! What the session store keeps for a logged-in user, and the timeout rules on it.

use app::demo::Role;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::base::settings::SessionSettings;

/// The key under which the session data holds the login.
pub const AUTH_KEY: &str = "auth";

/// The login a session carries. Times are unix seconds on the lab clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthSession {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: Option<String>,
}

/// Why a session that exists is no longer valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Idle,
    Absolute,
}

impl Ended {
    pub fn reason(self) -> &'static str {
        match self {
            Ended::Idle => "the session expired after inactivity (idle timeout)",
            Ended::Absolute => "the session reached its maximum age (absolute timeout)",
        }
    }
}

impl AuthSession {
    pub fn new(
        user_id: i64,
        username: String,
        role: Role,
        now: OffsetDateTime,
        user_agent: Option<String>,
    ) -> Self {
        let now = now.unix_timestamp();
        Self {
            user_id,
            username,
            role,
            created_at: now,
            last_seen_at: now,
            user_agent,
        }
    }

    pub fn idle_expires_at(&self, settings: &SessionSettings) -> i64 {
        self.last_seen_at + settings.idle_timeout.whole_seconds()
    }

    pub fn absolute_expires_at(&self, settings: &SessionSettings) -> i64 {
        self.created_at + settings.absolute_timeout.whole_seconds()
    }

    pub fn expires_at(&self, settings: &SessionSettings) -> i64 {
        self.idle_expires_at(settings)
            .min(self.absolute_expires_at(settings))
    }

    /// Whether the session is still valid at `now`; a session is over at its expiry instant.
    pub fn check(&self, settings: &SessionSettings, now: OffsetDateTime) -> Result<(), Ended> {
        let now = now.unix_timestamp();
        if now >= self.absolute_expires_at(settings) {
            Err(Ended::Absolute)
        } else if now >= self.idle_expires_at(settings) {
            Err(Ended::Idle)
        } else {
            Ok(())
        }
    }

    /// Marks the session used at `now`, which pushes the idle expiry back — but only once
    /// `last_seen_at` has moved by a sixtieth of the idle timeout (30 s of the default 30 min):
    /// otherwise every request in a new second would be a store write. True when it moved.
    pub fn touch(&mut self, now: OffsetDateTime, settings: &SessionSettings) -> bool {
        let now = now.unix_timestamp();
        let step = (settings.idle_timeout.whole_seconds() / 60).max(1);
        let moved = now - self.last_seen_at >= step;
        if moved {
            self.last_seen_at = now;
        }
        moved
    }
}

/// Seconds a session stays in the store at most: the absolute timeout.
pub fn store_lifetime(settings: &SessionSettings) -> Duration {
    settings.absolute_timeout
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds).unwrap()
    }

    fn session() -> AuthSession {
        AuthSession::new(1, "alice".into(), Role::User, at(0), None)
    }

    #[test]
    fn idle_timeout_ends_an_unused_session_at_its_boundary() {
        let settings = SessionSettings::default();
        let s = session();
        assert_eq!(s.check(&settings, at(30 * 60 - 1)), Ok(()));
        assert_eq!(s.check(&settings, at(30 * 60)), Err(Ended::Idle));
    }

    #[test]
    fn use_pushes_the_idle_expiry_but_not_the_absolute_one() {
        let settings = SessionSettings::default();
        let mut s = session();
        let mut now = 0;
        while now < 8 * 3600 - 20 * 60 {
            now += 20 * 60;
            assert_eq!(s.check(&settings, at(now)), Ok(()), "at {now}");
            assert!(s.touch(at(now), &settings));
        }
        assert_eq!(s.check(&settings, at(8 * 3600)), Err(Ended::Absolute));
    }

    #[test]
    fn last_seen_moves_only_by_a_sixtieth_of_the_idle_timeout() {
        let settings = SessionSettings::default();
        let mut s = session();
        assert!(!s.touch(at(29), &settings), "29 s: no store write");
        assert_eq!(s.last_seen_at, s.created_at);
        assert!(s.touch(at(30), &settings));
        assert_eq!(s.last_seen_at, s.created_at + 30);
        assert!(!s.touch(at(10), &settings), "never backwards");
    }

    #[test]
    fn the_expiry_is_whichever_timeout_comes_first() {
        let settings = SessionSettings::default();
        let mut s = session();
        assert_eq!(s.expires_at(&settings), s.created_at + 30 * 60);
        s.touch(at(8 * 3600 - 60), &settings);
        assert_eq!(s.expires_at(&settings), s.created_at + 8 * 3600);
    }
}
