//! Start-up: open the data directory, seed, bind, serve until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;

use leptos::config::{Env, LeptosOptions};

use super::config::{Config, OUTPUT_NAME};
use crate::base::settings::Settings;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::lab::Lab;
use crate::session_auth::store::LabStore;
use crate::state::{open_state, OpenError};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Leptos options for the built site under `site_root`, served at `addr` (the server, the tests
/// and the benchmarks all build them here).
pub fn leptos_options(site_root: &Path, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .build()
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = open_state(
        &config.data_dir,
        leptos_options(&config.site_root, config.addr),
        Settings {
            sessions: config.sessions.clone(),
            jwt: config.jwt.clone(),
            node: config.node.clone(),
            peers: config.peers.clone(),
        },
    )
    .await?;
    tokio::spawn(delete_expired_sessions(state.sessions.store().clone()));
    tokio::spawn(purge_denylist(state.jwt.clone(), state.clock.clone()));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let evil = bind_evil_site(&state.lab, &config).await?;
    let partner = bind_loopback(config.partner_port).await?;
    let partner_port = partner.local_addr().map_err(StartError::Serve)?.port();
    crate::lab::partner::register(&state.lab, &state.policy, partner_port);
    if let Some(url) = &config.orders_url {
        state.lab.set_orders_url(url.clone());
    }
    tracing::info!(
        "the partner app is on http://127.0.0.1:{partner_port} and http://localhost:{partner_port}"
    );
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
    let app = crate::router::app(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        if let Err(err) = axum::serve(evil, crate::lab::evil::router(config.addr.port())).await {
            tracing::warn!(error = %err, "the evil site stopped");
        }
    });
    tokio::spawn(async move {
        let router = crate::lab::partner::router(config.addr.port());
        if let Err(err) = axum::serve(partner, router).await {
            tracing::warn!(error = %err, "the partner app stopped");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(crate::kit::shutdown::signal())
        .await
        .map_err(StartError::Serve)
}

/// A lab fixture's listener: loopback only, whatever address the app listens on.
async fn bind_loopback(port: u16) -> Result<tokio::net::TcpListener, StartError> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })
}

/// The CSRF lab's evil site.
async fn bind_evil_site(lab: &Lab, config: &Config) -> Result<tokio::net::TcpListener, StartError> {
    let listener = bind_loopback(config.evil_port).await?;
    let port = listener.local_addr().map_err(StartError::Serve)?.port();
    lab.set_evil_port(port);
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
async fn purge_denylist(jwt: Jwt, clock: LabClock) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    let leeway = jwt.settings().leeway.whole_seconds();
    loop {
        every_minute.tick().await;
        let now = clock.now().unix_timestamp();
        if let Err(err) = jwt.store().purge_denylist(now, leeway).await {
            tracing::warn!(error = %err, "purging the denylist failed");
        }
    }
}
