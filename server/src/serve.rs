//! Start-up: open the data directory, seed, bind, serve until Ctrl-C or SIGTERM.

use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};

use crate::config::{Config, OUTPUT_NAME};
use crate::secrets::{SecretError, Secrets};
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

/// Builds the state from the data directory: secrets, database, demo accounts.
pub async fn open_state(
    data_dir: &std::path::Path,
    leptos_options: LeptosOptions,
) -> Result<AppState, StartError> {
    std::fs::create_dir_all(data_dir).map_err(|source| StartError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let secrets = Secrets::load_or_create(data_dir)?;
    let db = db::open(data_dir).await?;
    users::seed_demo_accounts(&db).await?;
    Ok(AppState {
        leptos_options,
        db,
        secrets: Arc::new(secrets),
    })
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = open_state(&config.data_dir, leptos_options(&config)).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    tracing::info!(
        addr = %config.addr,
        data_dir = %config.data_dir.display(),
        site_root = %config.site_root.display(),
        "authlab is listening on http://{}",
        config.addr
    );
    axum::serve(listener, crate::app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)
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
