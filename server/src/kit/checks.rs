//! The checks the server runs on a credential, recorded in order with their outcome and cost,
//! so the page can show *why* an answer was given and what it cost. Never holds a secret.
//!
//! A check is recorded twice over: into a `Checks` list the handler answers with (the JWT
//! scheme shows its checks in the body), and into the current request's collector, a
//! task-local the trace opens around each request ([`collect`]) — so a check is noted from
//! wherever it runs (the session store, an extractor, the origin check).

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use app::api::trace::Check;

use super::handles::micros_since;

tokio::task_local! {
    static CURRENT: Arc<Mutex<Vec<Check>>>;
}

/// Runs `request` with a fresh collector and answers its output and every check noted meanwhile.
pub async fn collect<F: Future>(request: F) -> (F::Output, Vec<Check>) {
    let checks = Arc::new(Mutex::new(Vec::new()));
    let output = CURRENT.scope(checks.clone(), request).await;
    let noted = std::mem::take(&mut *checks.lock().unwrap_or_else(|p| p.into_inner()));
    (output, noted)
}

/// Notes a finished check into the current request's collector (a no-op outside a request).
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
        micros: micros_since(started),
    });
}

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
        let (passed, detail) = match &outcome {
            Ok((_, detail)) => (true, detail.clone()),
            Err(reason) => (false, reason.to_string()),
        };
        let check = Check {
            name: name.to_owned(),
            passed,
            detail,
            micros: micros_since(started),
        };
        note(&check);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn a_request_collects_what_is_noted_while_it_runs() {
        let (answer, noted) = collect(async {
            note_since("store", Instant::now(), true, "hit");
            let mut checks = Checks::default();
            let _ = checks.run::<_, String>("signature", || Ok(((), "valid".into())));
            7
        })
        .await;
        assert_eq!(answer, 7);
        let names: Vec<_> = noted.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["store", "signature"]);
        note_since("outside", Instant::now(), true, "nobody listens");
    }
}
