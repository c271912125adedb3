//! The lab clock: real time plus an offset a presenter (or a test) can move forward, so expiry
//! and timeouts can be shown without waiting. Every time-based auth decision reads this clock.
//!
//! Each visitor has an offset of their own: while a request of a visitor's runs (`in_visit`),
//! the clock reads and moves that visitor's offset, and one attendee's fast-forward leaves the
//! rest of the room alone. Outside a visit (no lab cookie, background tasks) it is the server's.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::{Duration, OffsetDateTime};

#[derive(Clone, Debug, Default)]
pub struct LabClock {
    offset_seconds: Arc<AtomicI64>,
}

/// One visitor's clock offset, in seconds.
pub type VisitorOffset = Arc<AtomicI64>;

tokio::task_local! {
    static VISITOR: VisitorOffset;
}

/// Runs `work` with the lab clock reading and moving `offset` (a visitor's request).
pub async fn in_visit<F: std::future::Future>(offset: VisitorOffset, work: F) -> F::Output {
    VISITOR.scope(offset, work).await
}

impl LabClock {
    /// The offset in force: the current visitor's, else the server's.
    fn with_offset<R>(&self, f: impl FnOnce(&AtomicI64) -> R) -> R {
        let mut f = Some(f);
        if let Ok(value) = VISITOR.try_with(|offset| (f.take().expect("called once"))(offset)) {
            return value;
        }
        (f.take().expect("called once"))(&self.offset_seconds)
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }

    pub fn offset(&self) -> Duration {
        Duration::seconds(self.with_offset(|offset| offset.load(Ordering::Relaxed)))
    }

    /// Moves the lab's notion of now forward (or back, for a negative duration).
    pub fn advance(&self, by: Duration) {
        self.with_offset(|offset| offset.fetch_add(by.whole_seconds(), Ordering::Relaxed));
    }

    pub fn reset(&self) {
        self.with_offset(|offset| offset.store(0, Ordering::Relaxed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_and_reset_brings_it_back() {
        let clock = LabClock::default();
        let before = clock.now();
        clock.advance(Duration::minutes(31));
        assert!(clock.now() - before >= Duration::minutes(31));
        clock.reset();
        assert!(clock.now() - before < Duration::minutes(1));
    }

    #[tokio::test]
    async fn a_visitor_moves_only_their_own_clock() {
        let clock = LabClock::default();
        let visitor = VisitorOffset::default();
        in_visit(visitor.clone(), async {
            clock.advance(Duration::minutes(6))
        })
        .await;
        assert_eq!(
            clock.offset(),
            Duration::ZERO,
            "the server's clock did not move"
        );
        let seen = in_visit(visitor.clone(), async { clock.offset() }).await;
        assert_eq!(seen, Duration::minutes(6));
        let other = in_visit(VisitorOffset::default(), async { clock.offset() }).await;
        assert_eq!(other, Duration::ZERO, "another visitor's neither");
    }
}
