//! The session store the lab runs on: tower-sessions' memory store, the SQLite store from
//! `tower-sessions-sqlx-store` or the Redis one from `tower-sessions-redis-store`, wrapped to
//! add what the lab needs on top:
//!
//! - **tombstones**: a deleted session id can never be written back. The stores' `save` is an
//!   upsert, so without this a slow request that finishes after logout would resurrect the
//!   session it started with;
//! - **listing**: an index of the ids it holds, so the page can show the store's rows (for
//!   Redis, a set in Redis itself, so every node lists every node's sessions);
//! - **clean-up** of expired records, which the memory store never does by itself;
//! - a **memory copy** in front of SQLite (tower-sessions' `CachingSessionStore` over its
//!   `MemoryStore`), when this process is the only one using the file: a request then reads
//!   the session from memory, and a logout, kill or write goes through both. Another process
//!   on the same file would not see this one's copy go, so it is off for nodes.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use fred::prelude::{Builder, ClientLike, Config, Pool, ReconnectPolicy, SetsInterface};
use sqlx::SqlitePool;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{CachingSessionStore, MemoryStore};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::SqliteStore;

use crate::base::settings::SessionStoreKind;
use crate::kit::checks::note_since;

enum Backend {
    Memory(MemoryStore),
    Sqlite(SqliteStore),
    /// SQLite behind a memory copy: the pair, and each part for clean-up.
    CachedSqlite {
        both: CachingSessionStore<MemoryStore, SqliteStore>,
        copy: MemoryStore,
        file: SqliteStore,
    },
    Redis(RedisStore<Pool>, Pool),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Memory(_) => "Memory",
            Backend::Sqlite(_) => "Sqlite",
            Backend::CachedSqlite { .. } => "Sqlite with a memory copy",
            Backend::Redis(..) => "Redis",
        })
    }
}

/// The Redis set that lists the session ids, for every node.
const REDIS_INDEX: &str = "authlab:session-ids";
/// How long a Redis command may take before the request fails closed (503).
const REDIS_COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the server waits for Redis at start.
const REDIS_START_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum RedisOpenError {
    #[error("the Redis URL {0:?} is not valid: {1}")]
    BadUrl(String, String),
    #[error("Redis at {0} did not answer within {1} s: start redis-server (or pass --redis-url), or choose --session-store sqlite")]
    Unreachable(String, u64),
    #[error("Redis at {0}: {1}. Start redis-server (or pass --redis-url), or choose --session-store sqlite")]
    Failed(String, String),
}

fn redis_error(err: fred::error::Error) -> session_store::Error {
    session_store::Error::Backend(format!("redis: {err}"))
}

#[derive(Debug)]
struct Inner {
    backend: Backend,
    index: Mutex<HashSet<Id>>,
    tombstones: Mutex<HashMap<Id, Instant>>,
    /// How long a tombstone is kept: longer than any request can take.
    tombstone_ttl: Duration,
}

#[derive(Clone, Debug)]
pub struct LabStore {
    inner: Arc<Inner>,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LabStore {
    /// Opens the store; for SQLite, creates its table and indexes the sessions it already has,
    /// and (`memory_copy`: this process alone uses the file) reads them through a memory copy.
    pub async fn open(
        kind: SessionStoreKind,
        pool: &SqlitePool,
        memory_copy: bool,
    ) -> Result<Self, sqlx::Error> {
        let (backend, ids) = match kind {
            SessionStoreKind::Memory => (Backend::Memory(MemoryStore::default()), Vec::new()),
            SessionStoreKind::Sqlite => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM tower_sessions")
                    .fetch_all(pool)
                    .await?;
                let backend = if memory_copy {
                    let copy = MemoryStore::default();
                    Backend::CachedSqlite {
                        both: CachingSessionStore::new(copy.clone(), store.clone()),
                        copy,
                        file: store,
                    }
                } else {
                    Backend::Sqlite(store)
                };
                (backend, ids)
            }
            SessionStoreKind::Redis => {
                let why = "the redis store is opened with LabStore::open_redis";
                return Err(sqlx::Error::Configuration(why.into()));
            }
        };
        let index = ids.iter().filter_map(|id| id.parse().ok()).collect();
        Ok(Self {
            inner: Arc::new(Inner {
                backend,
                index: Mutex::new(index),
                tombstones: Mutex::new(HashMap::new()),
                tombstone_ttl: Duration::from_secs(3600),
            }),
        })
    }

    /// Connects to Redis (waiting at most a few seconds) and uses it for every session.
    /// While running, a Redis command that fails or takes over 2 s fails its request closed;
    /// the client reconnects by itself when Redis is back.
    pub async fn open_redis(url: &str) -> Result<Self, RedisOpenError> {
        let config = Config::from_url(url)
            .map_err(|err| RedisOpenError::BadUrl(url.to_owned(), err.to_string()))?;
        let pool = Builder::from_config(config)
            .with_connection_config(|c| c.connection_timeout = REDIS_COMMAND_TIMEOUT)
            .with_performance_config(|c| c.default_command_timeout = REDIS_COMMAND_TIMEOUT)
            .set_policy(ReconnectPolicy::new_constant(0, 500))
            .build_pool(2)
            .map_err(|err| RedisOpenError::Failed(url.to_owned(), err.to_string()))?;
        let ready = async {
            pool.init().await?;
            pool.ping::<String>(None).await
        };
        match tokio::time::timeout(REDIS_START_TIMEOUT, ready).await {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => return Err(RedisOpenError::Failed(url.to_owned(), err.to_string())),
            Err(_) => {
                let _ = pool.quit().await;
                return Err(RedisOpenError::Unreachable(
                    url.to_owned(),
                    REDIS_START_TIMEOUT.as_secs(),
                ));
            }
        }
        Ok(Self {
            inner: Arc::new(Inner {
                backend: Backend::Redis(RedisStore::new(pool.clone()), pool),
                index: Mutex::new(HashSet::new()),
                tombstones: Mutex::new(HashMap::new()),
                tombstone_ttl: Duration::from_secs(3600),
            }),
        })
    }

    /// The Redis connection pool, when the sessions are in Redis (the JWT scheme shares it).
    pub fn redis_pool(&self) -> Option<Pool> {
        match &self.inner.backend {
            Backend::Redis(_, pool) => Some(pool.clone()),
            _ => None,
        }
    }

    pub fn kind(&self) -> SessionStoreKind {
        match self.inner.backend {
            Backend::Memory(_) => SessionStoreKind::Memory,
            Backend::Sqlite(_) | Backend::CachedSqlite { .. } => SessionStoreKind::Sqlite,
            Backend::Redis(..) => SessionStoreKind::Redis,
        }
    }

    /// The store as the trace names it: `memory`, `sqlite`, `sqlite + memory copy`, `redis`.
    pub fn describe(&self) -> String {
        match self.inner.backend {
            Backend::CachedSqlite { .. } => format!("{} + memory copy", self.kind()),
            _ => self.kind().to_string(),
        }
    }

    fn backend(&self) -> &dyn SessionStore {
        match &self.inner.backend {
            Backend::Memory(store) => store,
            Backend::Sqlite(store) => store,
            Backend::CachedSqlite { both, .. } => both,
            Backend::Redis(store, _) => store,
        }
    }

    /// Adds `id` to the listing (for Redis, in Redis).
    async fn index(&self, id: Id) -> session_store::Result<()> {
        if let Backend::Redis(_, pool) = &self.inner.backend {
            pool.sadd::<(), _, _>(REDIS_INDEX, id.to_string())
                .await
                .map_err(redis_error)?;
        }
        locked(&self.inner.index).insert(id);
        Ok(())
    }

    async fn unindex(&self, id: &Id) -> session_store::Result<()> {
        if let Backend::Redis(_, pool) = &self.inner.backend {
            pool.srem::<(), _, _>(REDIS_INDEX, id.to_string())
                .await
                .map_err(redis_error)?;
        }
        locked(&self.inner.index).remove(id);
        Ok(())
    }

    /// The ids to list: this node's index, or for Redis the shared set.
    async fn listed_ids(&self) -> session_store::Result<Vec<Id>> {
        if let Backend::Redis(_, pool) = &self.inner.backend {
            let ids: Vec<String> = pool.smembers(REDIS_INDEX).await.map_err(redis_error)?;
            return Ok(ids.iter().filter_map(|id| id.parse().ok()).collect());
        }
        Ok(locked(&self.inner.index).iter().copied().collect())
    }

    fn is_tombstoned(&self, id: &Id) -> bool {
        locked(&self.inner.tombstones).contains_key(id)
    }

    /// Every live record the store holds.
    pub async fn records(&self) -> session_store::Result<Vec<Record>> {
        let ids = self.listed_ids().await?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            match self.backend().load(&id).await? {
                Some(record) => records.push(record),
                None => self.unindex(&id).await?,
            }
        }
        Ok(records)
    }

    /// Deletes expired records and old tombstones; run it periodically.
    pub async fn delete_expired(&self) -> session_store::Result<()> {
        locked(&self.inner.tombstones)
            .retain(|_, deleted| deleted.elapsed() < self.inner.tombstone_ttl);
        match &self.inner.backend {
            Backend::Sqlite(store) => store.delete_expired().await?,
            Backend::CachedSqlite { copy, file, .. } => {
                file.delete_expired().await?;
                // The copy answers no expired record, but keeps it until told.
                let ids: Vec<Id> = locked(&self.inner.index).iter().copied().collect();
                for id in ids {
                    if copy.load(&id).await?.is_none() {
                        copy.delete(&id).await?;
                    }
                }
            }
            // Redis expires its keys itself; the listing drops them when it meets them.
            Backend::Redis(..) => {}
            Backend::Memory(store) => {
                let ids: Vec<Id> = locked(&self.inner.index).iter().copied().collect();
                for id in ids {
                    if store.load(&id).await?.is_none() {
                        store.delete(&id).await?;
                        locked(&self.inner.index).remove(&id);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Writes `record` back only if Redis still holds it: a session deleted on any node while a
/// request was using it stays deleted. (tower-sessions-redis-store's own `save` sends the same
/// `SET … XX` but fails on Redis's nil answer for a missing key.) False when it was gone.
async fn save_if_present(pool: &Pool, record: &Record) -> session_store::Result<bool> {
    use fred::prelude::KeysInterface;
    use fred::types::{Expiration, SetOptions};

    let encoded =
        rmp_serde::to_vec(record).map_err(|err| session_store::Error::Encode(err.to_string()))?;
    let expiry = Expiration::EXAT(record.expiry_date.unix_timestamp());
    let answer: Option<String> = pool
        .set(
            record.id.to_string(),
            encoded.as_slice(),
            Some(expiry),
            Some(SetOptions::XX),
            false,
        )
        .await
        .map_err(redis_error)?;
    Ok(answer.is_some())
}

#[async_trait]
impl SessionStore for LabStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.inner.backend {
            Backend::Memory(store) => store.create(record).await?,
            Backend::Sqlite(store) => store.create(record).await?,
            Backend::CachedSqlite { both, .. } => both.create(record).await?,
            Backend::Redis(store, _) => store.create(record).await?,
        }
        self.index(record.id).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let started = Instant::now();
        if self.is_tombstoned(&record.id) {
            tracing::warn!("refused to write back a session that was deleted while in use");
            note_since(
                "session-store write",
                started,
                true,
                "skipped: ended meanwhile",
            );
            return Ok(());
        }
        if let Backend::Redis(_, pool) = &self.inner.backend {
            let written = save_if_present(pool, record).await;
            let detail = match written {
                Ok(true) => "redis SET XX (only over a live record)",
                Ok(false) => "skipped: ended meanwhile, on some node",
                Err(_) => "redis failed",
            };
            note_since("session-store write", started, written.is_ok(), detail);
            return written.map(|_| ());
        }
        let saved = self.backend().save(record).await;
        note_since(
            "session-store write",
            started,
            saved.is_ok(),
            format!("{} upsert", self.describe()),
        );
        saved?;
        self.index(record.id).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let started = Instant::now();
        if self.is_tombstoned(id) {
            note_since(
                "session-store lookup",
                started,
                false,
                "miss: this session was ended",
            );
            return Ok(None);
        }
        let loaded = self.backend().load(id).await;
        let (found, detail) = match &loaded {
            Ok(Some(_)) => (true, format!("hit ({})", self.describe())),
            Ok(None) => (
                false,
                format!("miss: no such session ({})", self.describe()),
            ),
            Err(_) => (false, "the store failed".to_owned()),
        };
        note_since("session-store lookup", started, found, detail);
        loaded
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let started = Instant::now();
        locked(&self.inner.tombstones).insert(*id, Instant::now());
        let deleted = self.backend().delete(id).await;
        let deleted = match deleted {
            Ok(()) => self.unindex(id).await,
            failed => failed,
        };
        note_since(
            "session-store delete",
            started,
            deleted.is_ok(),
            "record deleted: the cookie is dead",
        );
        deleted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: i128) -> Record {
        Record {
            id: Id(id),
            data: HashMap::new(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    /// Memory, SQLite, and SQLite behind its memory copy.
    async fn both_kinds() -> Vec<(tempfile::TempDir, LabStore)> {
        let mut stores = Vec::new();
        for (kind, copy) in [
            (SessionStoreKind::Memory, false),
            (SessionStoreKind::Sqlite, false),
            (SessionStoreKind::Sqlite, true),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let pool = crate::base::db::open(dir.path()).await.unwrap();
            stores.push((dir, LabStore::open(kind, &pool, copy).await.unwrap()));
        }
        stores
    }

    #[tokio::test]
    async fn the_memory_copy_answers_without_the_file_and_forgets_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::base::db::open(dir.path()).await.unwrap();
        let copied = LabStore::open(SessionStoreKind::Sqlite, &pool, true)
            .await
            .unwrap();
        let plain = LabStore::open(SessionStoreKind::Sqlite, &pool, false)
            .await
            .unwrap();
        assert_eq!(copied.describe(), "sqlite + memory copy");
        assert_eq!(plain.describe(), "sqlite");
        let mut kept = record(9);
        copied.create(&mut kept).await.unwrap();
        // Removed from the file behind the store's back (as another process would): the copy
        // still answers — why it is only for a process alone with its file...
        sqlx::query("DELETE FROM tower_sessions")
            .execute(&pool)
            .await
            .unwrap();
        assert!(copied.load(&kept.id).await.unwrap().is_some());
        assert!(plain.load(&kept.id).await.unwrap().is_none());
        // ...while a delete through the store ends it in both at once.
        copied.delete(&kept.id).await.unwrap();
        assert!(copied.load(&kept.id).await.unwrap().is_none());
        // A record written through the copy is in the file too, and expires in both.
        let mut written = record(10);
        copied.create(&mut written).await.unwrap();
        assert!(plain.load(&written.id).await.unwrap().is_some());
        let mut old = record(11);
        old.expiry_date = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
        copied.save(&old).await.unwrap();
        assert!(copied.load(&old.id).await.unwrap().is_none());
        copied.delete_expired().await.unwrap();
    }

    #[tokio::test]
    async fn a_deleted_session_cannot_be_written_back_by_a_late_save() {
        for (_dir, store) in both_kinds().await {
            let mut late = record(7);
            store.create(&mut late).await.unwrap();
            store.delete(&late.id).await.unwrap();
            store.save(&late).await.unwrap();
            assert_eq!(
                store.load(&late.id).await.unwrap(),
                None,
                "{:?}",
                store.kind()
            );
            assert!(store.records().await.unwrap().is_empty());
        }
    }

    #[tokio::test]
    async fn records_lists_what_the_store_holds() {
        for (_dir, store) in both_kinds().await {
            for id in 1..=3 {
                store.create(&mut record(id)).await.unwrap();
            }
            store.delete(&Id(2)).await.unwrap();
            let mut ids: Vec<i128> = store
                .records()
                .await
                .unwrap()
                .iter()
                .map(|r| r.id.0)
                .collect();
            ids.sort();
            assert_eq!(ids, [1, 3], "{:?}", store.kind());
        }
    }

    #[tokio::test]
    async fn a_reopened_sqlite_store_still_lists_its_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::base::db::open(dir.path()).await.unwrap();
        let store = LabStore::open(SessionStoreKind::Sqlite, &pool, true)
            .await
            .unwrap();
        let mut kept = record(42);
        store.create(&mut kept).await.unwrap();
        let reopened = LabStore::open(SessionStoreKind::Sqlite, &pool, true)
            .await
            .unwrap();
        let records = reopened.records().await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].id, kept.id);
    }
}
