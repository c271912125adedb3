//! The denylist's memory copy, for a process alone with its SQLite file: every revoked `jti`
//! and its reason, loaded at start and kept in step by this process's own writes, so that a
//! request checks the denylist without a query. A revocation goes to the file and the copy
//! together, so it is refused at once; another process on the same file would not reach this
//! copy, which is why nodes (peers, or `make nodes`) read the file instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use sqlx::SqlitePool;

use super::error::StoreError;

#[derive(Clone, Debug, Default)]
pub struct DeniedCopy(Arc<Mutex<HashMap<String, Denied>>>);

#[derive(Clone, Debug)]
struct Denied {
    reason: String,
    expires_at: i64,
}

impl DeniedCopy {
    /// Every entry the file holds now.
    pub async fn load(db: &SqlitePool) -> Result<Self, StoreError> {
        let rows: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT jti, reason, expires_at FROM jwt_denylist")
                .fetch_all(db)
                .await?;
        let entries = rows
            .into_iter()
            .map(|(jti, reason, expires_at)| (jti, Denied { reason, expires_at }))
            .collect();
        Ok(Self(Arc::new(Mutex::new(entries))))
    }

    fn locked(&self) -> MutexGuard<'_, HashMap<String, Denied>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// As the file does it: the first reason stays.
    pub fn deny(&self, jti: &str, expires_at: i64, reason: &str) {
        self.locked()
            .entry(jti.to_owned())
            .or_insert_with(|| Denied {
                reason: reason.to_owned(),
                expires_at,
            });
    }

    pub fn reason(&self, jti: &str) -> Option<String> {
        self.locked().get(jti).map(|denied| denied.reason.clone())
    }

    /// Drops what the file's purge drops: tokens that expired before `before`.
    pub fn purge(&self, before: i64) {
        self.locked()
            .retain(|_, denied| denied.expires_at >= before);
    }

    pub fn len(&self) -> usize {
        self.locked().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_stays_and_expired_entries_go() {
        let copy = DeniedCopy::default();
        copy.deny("a", 100, "revoked by its holder");
        copy.deny("a", 100, "family ended");
        copy.deny("b", 50, "logout");
        assert_eq!(copy.reason("a").as_deref(), Some("revoked by its holder"));
        copy.purge(60);
        assert_eq!(copy.reason("b"), None);
        assert_eq!(copy.len(), 1);
    }
}
