//! Whose lab a request runs in: the visitor's lab id, set for the request's task by
//! `guard::visitor` when the request carries one; none for the server's own lab (curl, tests,
//! background tasks). What the lab keeps per visitor (stolen copies, transfers, trace entries)
//! is kept with this owner and shown only to it.

use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    static LAB: Arc<str>;
}

/// Runs `work` as a request of the lab `id`.
pub async fn in_lab<F: Future>(id: Arc<str>, work: F) -> F::Output {
    LAB.scope(id, work).await
}

/// The current request's lab id; `None` for the server's own lab.
pub fn current() -> Option<Arc<str>> {
    LAB.try_with(Arc::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_lab_is_the_request_tasks() {
        assert_eq!(current(), None);
        let inside = in_lab(Arc::from("abc"), async { current() }).await;
        assert_eq!(inside.as_deref(), Some("abc"));
        assert_eq!(current(), None);
    }
}
