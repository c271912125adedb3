//! The checks the server runs on a credential, recorded in order with their outcome and cost,
//! so the page can show *why* an answer was given and what it cost. Never holds a secret.

use std::fmt;
use std::time::Instant;

use app::api::trace::Check;

/// An ordered list of checks for one request.
#[derive(Debug, Default, Clone)]
pub struct Checks(Vec<Check>);

impl Checks {
    /// Runs `check`, recording its name, outcome, detail and duration. The closure answers
    /// `Ok((value, detail))` when the check passed and `Err(reason)` when it did not.
    pub fn run<T, E: fmt::Display>(
        &mut self,
        name: &str,
        check: impl FnOnce() -> Result<(T, String), E>,
    ) -> Result<T, E> {
        let started = Instant::now();
        let outcome = check();
        self.record(name, started, outcome)
    }

    /// Records a check that ran from `started` until now.
    pub fn record<T, E: fmt::Display>(
        &mut self,
        name: &str,
        started: Instant,
        outcome: Result<(T, String), E>,
    ) -> Result<T, E> {
        let micros = started.elapsed().as_micros().min(u64::MAX as u128) as u64;
        let (passed, detail) = match &outcome {
            Ok((_, detail)) => (true, detail.clone()),
            Err(reason) => (false, reason.to_string()),
        };
        let check = Check {
            name: name.to_owned(),
            passed,
            detail,
            micros,
        };
        crate::trace::note(&check);
        self.0.push(check);
        outcome.map(|(value, _)| value)
    }

    pub fn into_vec(self) -> Vec<Check> {
        self.0
    }

    pub fn as_slice(&self) -> &[Check] {
        &self.0
    }
}

/// Bytes as lower-case hex, written into one string (no allocation per byte).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    text
}

/// A short, non-reversible handle of an identifier, for display (never the identifier itself
/// when that is a secret; for a `jti` it is just shorter).
pub fn short(id: &str) -> String {
    let head: String = id.chars().take(8).collect();
    if id.chars().count() > 8 {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lower_case_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn checks_keep_their_order_outcome_and_detail() {
        let mut checks = Checks::default();
        assert_eq!(
            checks.run::<_, String>("first", || Ok((1, "fine".into()))),
            Ok(1)
        );
        assert_eq!(
            checks.run::<(), _>("second", || Err("broken")),
            Err("broken")
        );
        let list = checks.into_vec();
        assert_eq!(list.len(), 2);
        assert_eq!((list[0].name.as_str(), list[0].passed), ("first", true));
        assert_eq!((list[1].detail.as_str(), list[1].passed), ("broken", false));
    }

    #[test]
    fn short_handles_cut_long_ids() {
        assert_eq!(short("0123456789abcdef"), "01234567…");
        assert_eq!(short("abc"), "abc");
    }
}
