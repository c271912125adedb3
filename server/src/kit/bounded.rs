//! `BoundedLog<T, N>`: the last `N` items behind a lock, the oldest dropped first. A poisoned
//! lock (a panic while it was held) is taken over: a log of what happened stays readable.
//! The trace, the lab's stolen copies, transfers and probe reports each keep one.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct BoundedLog<T, const N: usize> {
    items: Arc<Mutex<VecDeque<T>>>,
}

impl<T, const N: usize> Clone for BoundedLog<T, N> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
        }
    }
}

impl<T, const N: usize> Default for BoundedLog<T, N> {
    fn default() -> Self {
        Self {
            items: Arc::new(Mutex::new(VecDeque::with_capacity(N))),
        }
    }
}

impl<T, const N: usize> std::fmt::Debug for BoundedLog<T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BoundedLog({} of {N})", self.locked().len())
    }
}

impl<T, const N: usize> BoundedLog<T, N> {
    fn locked(&self) -> MutexGuard<'_, VecDeque<T>> {
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds `item` as the newest, dropping the oldest when full; `then` sees it while the log
    /// is still locked (so nothing can come between the two).
    pub fn push_then<R>(&self, item: T, then: impl FnOnce(&T) -> R) -> R {
        let mut items = self.locked();
        if items.len() == N {
            items.pop_front();
        }
        items.push_back(item);
        then(items.back().expect("just pushed"))
    }

    pub fn push(&self, item: T) {
        self.push_then(item, |_| ());
    }

    /// The newest item for which `find` answers something, or `None`.
    pub fn find_map<R>(&self, find: impl FnMut(&T) -> Option<R>) -> Option<R> {
        self.locked().iter().rev().find_map(find)
    }

    /// Changes the newest item `matches` picks, or adds `new()` first when none does.
    pub fn upsert(
        &self,
        matches: impl Fn(&T) -> bool,
        new: impl FnOnce() -> T,
        change: impl FnOnce(&mut T),
    ) {
        let mut items = self.locked();
        let at = match items.iter().rposition(matches) {
            Some(at) => at,
            None => {
                if items.len() == N {
                    items.pop_front();
                }
                items.push_back(new());
                items.len() - 1
            }
        };
        change(&mut items[at]);
    }

    /// Changes the newest item `matches` picks; false when there is none.
    pub fn update(&self, matches: impl Fn(&T) -> bool, change: impl FnOnce(&mut T)) -> bool {
        let mut items = self.locked();
        match items.iter_mut().rev().find(|item| matches(item)) {
            Some(item) => {
                change(item);
                true
            }
            None => false,
        }
    }

    /// Every item `keep` picks, oldest first.
    pub fn filtered(&self, mut keep: impl FnMut(&T) -> bool) -> Vec<T>
    where
        T: Clone,
    {
        self.locked()
            .iter()
            .filter(|item| keep(item))
            .cloned()
            .collect()
    }

    pub fn list(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.filtered(|_| true)
    }

    pub fn clear(&self) {
        self.locked().clear();
    }

    /// Keeps only the items `keep` picks.
    pub fn retain(&self, keep: impl FnMut(&T) -> bool) {
        self.locked().retain(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_goes_first_when_full() {
        let log = BoundedLog::<u32, 3>::default();
        for n in 1..=5 {
            log.push(n);
        }
        assert_eq!(log.list(), [3, 4, 5]);
        assert_eq!(log.find_map(|n| (n % 2 == 1).then_some(*n)), Some(5));
        assert_eq!(log.filtered(|n| *n > 3), [4, 5]);
        assert_eq!(log.push_then(6, |n| *n * 10), 60);
        assert_eq!(log.list(), [4, 5, 6]);
        log.clear();
        assert!(log.list().is_empty());
    }

    #[test]
    fn upsert_changes_the_match_or_adds_one() {
        let log = BoundedLog::<(char, u32), 2>::default();
        log.upsert(|(k, _)| *k == 'a', || ('a', 0), |(_, v)| *v += 1);
        log.upsert(|(k, _)| *k == 'a', || ('a', 0), |(_, v)| *v += 1);
        log.upsert(|(k, _)| *k == 'b', || ('b', 0), |(_, v)| *v += 5);
        log.upsert(|(k, _)| *k == 'c', || ('c', 0), |(_, v)| *v += 7);
        assert_eq!(log.list(), [('b', 5), ('c', 7)]);
    }

    #[test]
    fn clones_share_one_log() {
        let log = BoundedLog::<u8, 4>::default();
        log.clone().push(1);
        assert_eq!(log.list(), [1]);
    }
}
