//! The lab clock: real time plus an offset a presenter (or a test) can move forward, so expiry
//! and timeouts can be shown without waiting. Every time-based auth decision reads this clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::{Duration, OffsetDateTime};

#[derive(Clone, Debug, Default)]
pub struct LabClock {
    offset_seconds: Arc<AtomicI64>,
}

impl LabClock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }

    pub fn offset(&self) -> Duration {
        Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves the lab's notion of now forward (or back, for a negative duration).
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }

    pub fn reset(&self) {
        self.offset_seconds.store(0, Ordering::Relaxed);
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
}
