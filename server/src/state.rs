//! The state, in slices: each handler and extractor asks for the slices it uses by type
//! (`State<Jwt>`, or `Jwt: FromRef<S>` in a generic extractor), so its signature says what it
//! may touch. Only this file and the router know the whole.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::accounts::login::Accounts;
use crate::accounts::users::{self, UserError};
use crate::base::db;
use crate::base::secrets::{SecretError, Secrets};
use crate::base::settings::{SessionStoreKind, Settings};
use crate::guard::host::Hosts;
use crate::guard::policy::Policy;
use crate::guard::visitor::Visitors;
use crate::introspect::Clients;
use crate::jwt_auth::cookies::access_name;
use crate::jwt_auth::keys::{KeyError, Keyring};
use crate::jwt_auth::store::JwtStore;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::lab::Lab;
use crate::nodes::Nodes;
use crate::oauth::OAuth;
use crate::room::Room;
use crate::session_auth::store::{LabStore, RedisOpenError};
use crate::session_auth::Sessions;
use crate::trace::{CookieNames, Tracer};

/// One reference count per clone. Axum clones the state for every extractor and middleware of
/// every request; the slices are one `Arc` each too, so a handler pays one count per slice it
/// asks for. (A dozen `Arc`s and the Leptos options' strings per clone took about a fifth of
/// the server's time under load.)
#[derive(Clone)]
pub struct AppState(Arc<Slices>);

/// Every slice, each cheap to clone.
pub struct Slices {
    pub leptos_options: LeptosOptions,
    pub sessions: Sessions,
    pub jwt: Jwt,
    pub accounts: Accounts,
    pub lab: Lab,
    pub tracer: Tracer,
    pub clock: LabClock,
    pub policy: Policy,
    pub nodes: Nodes,
    pub oauth: OAuth,
    pub clients: Clients,
    pub hosts: Hosts,
    pub visitors: Visitors,
    pub room: Room,
}

impl AppState {
    pub fn new(slices: Slices) -> Self {
        Self(Arc::new(slices))
    }
}

impl Deref for AppState {
    type Target = Slices;

    fn deref(&self) -> &Slices {
        &self.0
    }
}

/// Each slice an extractor may ask for by type (`State<T>` or `T: FromRef<S>`).
macro_rules! slices {
    ($($field:ident: $type:ty),* $(,)?) => {$(
        impl FromRef<AppState> for $type {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}

slices!(
    leptos_options: LeptosOptions,
    sessions: Sessions,
    jwt: Jwt,
    accounts: Accounts,
    lab: Lab,
    tracer: Tracer,
    clock: LabClock,
    policy: Policy,
    nodes: Nodes,
    oauth: OAuth,
    clients: Clients,
    hosts: Hosts,
    visitors: Visitors,
    room: Room,
);

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("could not open the session store: {0}")]
    SessionStore(sqlx::Error),
    #[error("the Redis session store: {0}")]
    Redis(#[from] RedisOpenError),
    #[error("the JWT store: {0}")]
    JwtStore(#[from] crate::jwt_auth::store::StoreError),
    #[error("the JWT signing key: {0}")]
    JwtKey(#[from] KeyError),
    #[error("seeding the demo accounts failed: {0}")]
    Seed(#[from] UserError),
}

/// Builds the state from the data directory: secrets, database, demo accounts, session store,
/// JWT keyring (self-tested).
pub async fn open_state(
    data_dir: &std::path::Path,
    leptos_options: LeptosOptions,
    settings: impl Into<Settings>,
) -> Result<AppState, OpenError> {
    let Settings {
        sessions,
        jwt,
        node,
        peers,
        hosts,
    } = settings.into();
    std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let Secrets {
        cookie_key,
        orders_client,
        presenter,
    } = Secrets::load_or_create(data_dir)?;
    let db = db::open(data_dir).await?;
    users::seed_demo_accounts(&db).await?;
    let session_store = match sessions.store {
        SessionStoreKind::Redis => LabStore::open_redis(&sessions.redis_url).await?,
        // Another node may share this data directory's file: only a lone node keeps a copy.
        kind => LabStore::open(kind, &db, sessions.memory_copy && peers.is_empty())
            .await
            .map_err(OpenError::SessionStore)?,
    };
    // With the sessions in Redis, the JWT scheme's memory goes there too: one shared store.
    let jwt_store = match session_store.redis_pool() {
        Some(pool) => JwtStore::Redis(pool),
        None => JwtStore::sqlite(db.clone(), sessions.memory_copy && peers.is_empty())
            .await
            .map_err(OpenError::JwtStore)?,
    };
    let clock = LabClock::default();
    let keys = Keyring::open(
        &db,
        &data_dir.join("secrets"),
        jwt.algorithm,
        clock.now().unix_timestamp(),
    )
    .await?;
    let sessions = Sessions::new(sessions, session_store, cookie_key);
    let names = CookieNames {
        session: sessions.cookie_name(),
        jwt: access_name(&jwt),
    };
    let room = Room::new(String::from_utf8(presenter.expose().to_vec()).ok());
    let tracer = Tracer::new(node.as_str(), clock.clone(), names, room.clone());
    Ok(AppState::new(Slices {
        leptos_options,
        sessions,
        jwt: Jwt::new(jwt, keys, jwt_store),
        accounts: Accounts::new(db),
        lab: Lab::default(),
        tracer,
        clock,
        policy: Policy::default(),
        nodes: Nodes::new(node, peers),
        oauth: OAuth::default(),
        clients: Clients::new(orders_client),
        hosts: Hosts::new(&hosts),
        visitors: Visitors::default(),
        room,
    }))
}
