//! Failed-login rate limiting, per account and per client address: after too many failures in
//! a window, further attempts are refused (429 with `Retry-After`) before any password is hashed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Failures allowed per account in one window.
pub const ACCOUNT_FAILURES: u32 = 5;
/// Failures allowed per client address in one window (several accounts, one attacker).
pub const ADDRESS_FAILURES: u32 = 20;
/// The window, in seconds.
pub const WINDOW_SECONDS: i64 = 300;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: i64,
    failures: u32,
}

#[derive(Clone, Debug, Default)]
pub struct LoginLimiter {
    windows: Arc<Mutex<HashMap<Key, Window>>>,
}

impl LoginLimiter {
    fn keys(username: &str, addr: Option<IpAddr>) -> Vec<(Key, u32)> {
        let mut keys = vec![(Key::Account(username.to_lowercase()), ACCOUNT_FAILURES)];
        if let Some(addr) = addr {
            keys.push((Key::Address(addr), ADDRESS_FAILURES));
        }
        keys
    }

    /// `Err(seconds)` when an attempt must wait that long; `now` is unix seconds.
    pub fn check(&self, username: &str, addr: Option<IpAddr>, now: i64) -> Result<(), i64> {
        let windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let wait = Self::keys(username, addr)
            .into_iter()
            .filter_map(|(key, limit)| {
                let window = windows.get(&key)?;
                let ends = window.started + WINDOW_SECONDS;
                (window.failures >= limit && now < ends).then_some(ends - now)
            })
            .max();
        wait.map_or(Ok(()), Err)
    }

    pub fn record_failure(&self, username: &str, addr: Option<IpAddr>, now: i64) {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        windows.retain(|_, w| now < w.started + WINDOW_SECONDS);
        for (key, _) in Self::keys(username, addr) {
            let window = windows.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            window.failures += 1;
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, username: &str) {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        windows.remove(&Key::Account(username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));

    #[test]
    fn an_account_is_locked_after_five_failures_until_the_window_ends() {
        let limiter = LoginLimiter::default();
        for _ in 0..ACCOUNT_FAILURES {
            assert_eq!(limiter.check("alice", HOME, 1000), Ok(()));
            limiter.record_failure("alice", HOME, 1000);
        }
        assert_eq!(limiter.check("alice", HOME, 1010), Err(WINDOW_SECONDS - 10));
        assert_eq!(limiter.check("ALICE", None, 1010), Err(WINDOW_SECONDS - 10));
        assert_eq!(limiter.check("bob", HOME, 1010), Ok(()));
        assert_eq!(limiter.check("alice", HOME, 1000 + WINDOW_SECONDS), Ok(()));
    }

    #[test]
    fn an_address_is_locked_after_failures_across_accounts() {
        let limiter = LoginLimiter::default();
        for i in 0..ADDRESS_FAILURES {
            limiter.record_failure(&format!("user{i}"), HOME, 1000);
        }
        assert!(limiter.check("someone-new", HOME, 1001).is_err());
        assert_eq!(limiter.check("someone-new", None, 1001), Ok(()));
    }

    #[test]
    fn success_clears_the_account() {
        let limiter = LoginLimiter::default();
        for _ in 0..ACCOUNT_FAILURES - 1 {
            limiter.record_failure("alice", HOME, 1000);
        }
        limiter.record_success("alice");
        limiter.record_failure("alice", HOME, 1000);
        assert_eq!(limiter.check("alice", HOME, 1000), Ok(()));
    }
}
