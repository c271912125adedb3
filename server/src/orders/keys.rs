//! The orders service's copy of authlab's public keys: fetched from the JWKS URL, kept by
//! `kid`, fetched again only when a token names a kid the copy lacks — and then at most once
//! per `min_refetch`, so tokens with made-up kids cannot make orders hammer authlab.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::api::orders::KeyCacheView;
use axum::body::Body;
use axum::http::{Request, Uri};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::kit::http_client::{self, HttpClient};

/// A JWKS answer larger than this is refused (authlab's is under 1 KiB).
const MAX_JWKS_BYTES: usize = 64 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(3);

/// One public key, ready to verify with.
pub struct PublicKey {
    pub alg: Algorithm,
    pub key: DecodingKey,
}

/// How a key was found, for the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// In the copy: no call to authlab.
    Cached,
    /// After fetching the key set: one call to authlab (the first use, or a rotation).
    Fetched,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("kid {kid} is not among authlab's published keys (fetched {ago} s ago; no new fetch for {wait} s more)")]
    RateLimited { kid: String, ago: u64, wait: u64 },
    #[error("kid {0} is not among authlab's published keys, even after fetching them again")]
    Unknown(String),
    #[error("could not fetch authlab's keys: {0}")]
    Fetch(String),
}

#[derive(Clone)]
pub struct KeyCache {
    inner: Arc<Inner>,
}

struct Inner {
    url: Uri,
    client: HttpClient,
    min_refetch: Duration,
    state: Mutex<State>,
    /// One fetch at a time: requests that miss together wait for the same fetch.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, Arc<PublicKey>>,
    /// Published keys orders cannot use (an HMAC "key" is never published; other kinds).
    skipped: Vec<String>,
    fetched_at: Option<Instant>,
    fetched_unix: Option<i64>,
    fetches: u64,
    refused_refetches: u64,
    last_error: Option<String>,
}

impl KeyCache {
    pub fn new(url: Uri, min_refetch: Duration) -> Self {
        let client = http_client::client();
        Self {
            inner: Arc::new(Inner {
                url,
                client,
                min_refetch,
                state: Mutex::new(State::default()),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn cached(&self, kid: &str) -> Option<Arc<PublicKey>> {
        self.state().keys.get(kid).cloned()
    }

    /// The key named `kid`: from the copy, or after one fetch of the key set when allowed.
    pub async fn key(&self, kid: &str) -> Result<(Arc<PublicKey>, Found), KeyError> {
        if let Some(key) = self.cached(kid) {
            return Ok((key, Found::Cached));
        }
        let _one_at_a_time = self.inner.fetching.lock().await;
        // Another request may have fetched meanwhile.
        if let Some(key) = self.cached(kid) {
            return Ok((key, Found::Cached));
        }
        let since = self.state().fetched_at.map(|at| at.elapsed());
        if let Some(since) = since.filter(|since| *since < self.inner.min_refetch) {
            self.state().refused_refetches += 1;
            return Err(KeyError::RateLimited {
                kid: kid.to_owned(),
                ago: since.as_secs(),
                wait: (self.inner.min_refetch - since).as_secs().max(1),
            });
        }
        self.fetch().await?;
        self.cached(kid)
            .map(|key| (key, Found::Fetched))
            .ok_or_else(|| KeyError::Unknown(kid.to_owned()))
    }

    /// Fetches the key set and replaces the copy with it (a key authlab no longer publishes
    /// is dropped: it was rotated out).
    async fn fetch(&self) -> Result<(), KeyError> {
        let fetched = self.get().await;
        let mut state = self.state();
        state.fetches += 1;
        // A failed fetch counts too: a dead authlab is not asked again at once.
        state.fetched_at = Some(Instant::now());
        state.fetched_unix = Some(time::OffsetDateTime::now_utc().unix_timestamp());
        let set = match fetched {
            Ok(set) => set,
            Err(err) => {
                state.last_error = Some(err.clone());
                return Err(KeyError::Fetch(err));
            }
        };
        state.last_error = None;
        state.keys.clear();
        state.skipped.clear();
        for jwk in &set.keys {
            let kid = jwk.common.key_id.clone().unwrap_or_default();
            let alg = jwk
                .common
                .key_algorithm
                .and_then(|alg| alg.to_string().parse::<Algorithm>().ok());
            match (alg, DecodingKey::from_jwk(jwk)) {
                (Some(alg), Ok(key)) if !kid.is_empty() => {
                    state.keys.insert(kid, Arc::new(PublicKey { alg, key }));
                }
                _ => state.skipped.push(kid),
            }
        }
        tracing::info!(keys = state.keys.len(), "fetched authlab's public keys");
        Ok(())
    }

    async fn get(&self) -> Result<JwkSet, String> {
        let request = Request::get(self.inner.url.clone())
            .body(Body::empty())
            .map_err(|err| err.to_string())?;
        let (status, body) =
            http_client::send(&self.inner.client, request, FETCH_TIMEOUT, MAX_JWKS_BYTES).await?;
        if !status.is_success() {
            return Err(format!("{} answered {status}", self.inner.url));
        }
        serde_json::from_slice(&body).map_err(|err| format!("not a JWK set: {err}"))
    }

    /// What the copy holds, for the page and the trace.
    pub fn view(&self) -> KeyCacheView {
        let state = self.state();
        let mut kids: Vec<String> = state.keys.keys().cloned().collect();
        kids.sort();
        KeyCacheView {
            jwks_url: self.inner.url.to_string(),
            kids,
            fetched_at: state.fetched_unix,
            fetches: state.fetches,
            refused_refetches: state.refused_refetches,
            min_refetch_seconds: self.inner.min_refetch.as_secs(),
            last_error: state.last_error.clone(),
        }
    }
}
