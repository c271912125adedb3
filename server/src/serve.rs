//! Start-up: open the data directory, seed, bind, serve until Ctrl-C or SIGTERM.

use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};

use crate::clock::LabClock;
use crate::config::{Config, OUTPUT_NAME};
use crate::jwt_auth::keys::{KeyError, Keyring};
use crate::jwt_auth::store::JwtStore;
use crate::jwt_auth::JwtState;
use crate::secrets::{SecretError, Secrets};
use crate::session_auth::store::{LabStore, RedisOpenError};
use crate::settings::{SessionStoreKind, Settings};
use crate::state::Shared;
use crate::users::UserError;
use crate::{db, users, AppState};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
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
    #[error("the JWT signing key: {0}")]
    JwtKey(#[from] KeyError),
    #[error("seeding the demo accounts failed: {0}")]
    Seed(#[from] UserError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Leptos options for a built site under `site_root`.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .build()
}

/// Builds the state from the data directory: secrets, database, demo accounts, session store,
/// JWT keyring (self-tested).
pub async fn open_state(
    data_dir: &std::path::Path,
    leptos_options: LeptosOptions,
    settings: impl Into<Settings>,
) -> Result<AppState, StartError> {
    let Settings {
        sessions,
        jwt,
        node,
        peers,
    } = settings.into();
    std::fs::create_dir_all(data_dir).map_err(|source| StartError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let secrets = Secrets::load_or_create(data_dir)?;
    let db = db::open(data_dir).await?;
    users::seed_demo_accounts(&db).await?;
    let session_store = match sessions.store {
        SessionStoreKind::Redis => LabStore::open_redis(&sessions.redis_url).await?,
        kind => LabStore::open(kind, &db)
            .await
            .map_err(StartError::SessionStore)?,
    };
    // With the sessions in Redis, the JWT scheme's memory goes there too: one shared store.
    let jwt_store = match session_store.redis_pool() {
        Some(pool) => JwtStore::Redis(pool),
        None => JwtStore::Sqlite(db.clone()),
    };
    let clock = LabClock::default();
    let keys = Keyring::open(
        &db,
        &data_dir.join("secrets"),
        jwt.algorithm,
        clock.now().unix_timestamp(),
    )
    .await?;
    Ok(AppState::new(Shared {
        leptos_options,
        db,
        secrets: Arc::new(secrets),
        clock,
        sessions,
        session_store,
        login_limiter: Default::default(),
        jwt: JwtState {
            settings: jwt,
            keys,
            denylist: Default::default(),
            store: jwt_store,
        },
        tracer: Default::default(),
        lab: Default::default(),
        node,
        peers: crate::nodes::Peers::new(peers),
    }))
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = open_state(
        &config.data_dir,
        leptos_options(&config),
        Settings {
            sessions: config.sessions.clone(),
            jwt: config.jwt.clone(),
            node: config.node.clone(),
            peers: config.peers.clone(),
        },
    )
    .await?;
    tokio::spawn(delete_expired_sessions(state.session_store.clone()));
    tokio::spawn(purge_denylist(state.clone()));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let evil = bind_evil_site(&state, &config).await?;
    tracing::info!(
        addr = %config.addr,
        data_dir = %config.data_dir.display(),
        site_root = %config.site_root.display(),
        node = config.node.as_str(),
        session_store = %config.sessions.store,
        jwt_alg = %config.jwt.algorithm,
        "authlab is listening on http://{}",
        config.addr
    );
    let app = crate::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        if let Err(err) = axum::serve(evil, crate::lab::evil::router(config.addr.port())).await {
            tracing::warn!(error = %err, "the evil site stopped");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)
}

/// The CSRF lab's evil site: loopback only, whatever address the app listens on.
async fn bind_evil_site(
    state: &AppState,
    config: &Config,
) -> Result<tokio::net::TcpListener, StartError> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], config.evil_port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let port = listener.local_addr().map_err(StartError::Serve)?.port();
    state.lab.set_evil_port(port);
    tracing::info!(
        "the CSRF lab's evil site is on http://localhost:{port} and http://127.0.0.1:{port}"
    );
    Ok(listener)
}

/// Removes expired session records once a minute (the memory store never does by itself).
async fn delete_expired_sessions(store: LabStore) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every_minute.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "deleting expired sessions failed");
        }
    }
}

/// Drops denylist entries of tokens that have expired anyway, once a minute.
async fn purge_denylist(state: AppState) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    let leeway = state.jwt.settings.leeway.whole_seconds();
    loop {
        every_minute.tick().await;
        let now = state.clock.now().unix_timestamp();
        if let Err(err) = state.jwt.store.purge_denylist(now, leeway).await {
            tracing::warn!(error = %err, "purging the denylist failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
