//! Start-up: open the data directory, seed, bind, serve until Ctrl-C or SIGTERM — and stop
//! listening and bind again when the lab stops and starts this node.

use std::net::SocketAddr;
use std::path::Path;

use leptos::config::{Env, LeptosOptions};

use super::config::{Config, OUTPUT_NAME};
use crate::base::settings::Settings;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::lab::AppAt;
use crate::lab::Lab;
use crate::nodes::outage::Outage;
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
    #[error("workshop mode's https: {0}")]
    Tls(#[from] super::tls::TlsError),
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

pub async fn run(mut config: Config) -> Result<(), StartError> {
    // Workshop mode: the LAN address is one of this server's names too.
    let lan = config
        .workshop_port
        .and_then(|_| super::workshop::lan_address());
    if let Some(ip) = lan {
        config.hosts.push(ip.to_string());
    }
    let state = open_state(
        &config.data_dir,
        leptos_options(&config.site_root, config.addr),
        Settings {
            sessions: config.sessions.clone(),
            jwt: config.jwt.clone(),
            node: config.node.clone(),
            peers: config.peers.clone(),
            hosts: config.hosts.clone(),
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
    // The presenter's link goes to the terminal only, never to the log: it holds the key.
    if let Some(path) = state.room.presenter_link() {
        println!(
            "\nThe presenter's room (keep the key to yourself): http://127.0.0.1:{}{path}\n",
            config.addr.port()
        );
    }
    let outage = state.nodes.outage().clone();
    let (lab, policy) = (state.lab.clone(), state.policy.clone());
    let app = crate::router::app(state);
    // Building the routes with their descriptions (`utoipa_axum`) freed memory on this thread,
    // which would otherwise stay resident while it waits.
    crate::kit::memory::return_freed_memory();
    if let Some(port) = config.workshop_port {
        start_workshop(&config, lan, port, app.clone(), (&lab, &policy)).await?;
    }
    tokio::spawn(async move {
        if let Err(err) = axum::serve(
            evil,
            crate::lab::evil::router(AppAt::Plain(config.addr.port())),
        )
        .await
        {
            tracing::warn!(error = %err, "the evil site stopped");
        }
    });
    tokio::spawn(async move {
        let router = crate::lab::partner::router(AppAt::Plain(config.addr.port()));
        if let Err(err) = axum::serve(partner, router).await {
            tracing::warn!(error = %err, "the partner app stopped");
        }
    });
    serve_node(listener, app, outage).await
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM. While the lab has this node stopped
/// (`outage`) nothing listens; a start binds the same address again.
pub async fn serve_node(
    mut listener: tokio::net::TcpListener,
    app: axum::Router,
    outage: Outage,
) -> Result<(), StartError> {
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    loop {
        let stop = outage.clone();
        let (why_tx, mut why) = tokio::sync::oneshot::channel::<Ended>();
        let serve = axum::serve(listener, app.clone()).with_graceful_shutdown(async move {
            let ended = tokio::select! {
                () = crate::kit::shutdown::signal() => Ended::Signal,
                () = stop.stop_requested() => Ended::Stopped,
            };
            let _ = why_tx.send(ended);
        });
        // A stop from the lab waits at most STOP_GRACE for open connections (a stream may
        // never end); nothing new is accepted from the stop on.
        let grace = async {
            outage.stop_requested().await;
            tokio::time::sleep(STOP_GRACE).await;
        };
        tokio::select! {
            served = std::future::IntoFuture::into_future(serve) => served.map_err(StartError::Serve)?,
            () = grace => {}
        }
        // The start may have come already (during the grace): what ended serving is what counts.
        if why.try_recv() != Ok(Ended::Stopped) {
            return Ok(());
        }
        tracing::warn!(%addr, "not listening (stopped from the lab) until started");
        tokio::select! {
            () = crate::kit::shutdown::signal() => return Ok(()),
            () = outage.start_requested() => {}
        }
        listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        tracing::info!(%addr, "listening again (started from the lab)");
    }
}

/// Why a node stopped serving.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    Signal,
    Stopped,
}

/// How long a node stopped from the lab waits for its open connections to finish.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Workshop mode: https on every interface, and the announcement for the room.
async fn start_workshop(
    config: &Config,
    lan: Option<std::net::IpAddr>,
    port: u16,
    app: axum::Router,
    (lab, policy): (&Lab, &Policy),
) -> Result<(), StartError> {
    use super::{tls, workshop};
    let names = workshop::certificate_names(lan, &config.hosts);
    let identity = tls::identity(&config.data_dir, &names)?;
    let tls_config = tls::server_config(&identity)?;
    let bind = |port: u16| async move {
        let addr = std::net::SocketAddr::from(([0, 0, 0, 0], port));
        tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })
    };
    let listener = bind(port).await?;
    // The lab's other sites, the same way: the evil site on the next port, the partner next.
    let (evil_port, partner_port) = (port.saturating_add(1), port.saturating_add(2));
    let (evil, partner) = (bind(evil_port).await?, bind(partner_port).await?);
    let at = AppAt::Secure {
        port,
        names: names.clone().into(),
    };
    tokio::spawn(tls::serve(
        evil,
        crate::lab::evil::router(at.clone()),
        tls_config.clone(),
    ));
    tokio::spawn(tls::serve(
        partner,
        crate::lab::partner::router(at),
        tls_config.clone(),
    ));
    tracing::info!(
        evil_port,
        partner_port,
        "workshop mode: the evil site and the partner app over https too, on every interface"
    );
    crate::lab::partner::register_secure(
        lab,
        policy,
        app::api::sites::SecureSites {
            evil_port,
            partner_port,
            names: names.clone(),
        },
    );
    let host = lan.map_or_else(|| "localhost".to_owned(), |ip| ip.to_string());
    let url = format!("https://{host}:{port}/");
    // The room's instructions go to the terminal as they are (a QR code is not a log line).
    println!(
        "{}",
        workshop::announcement(&url, &identity.fingerprint, identity.generated)
    );
    tracing::info!(%url, fingerprint = %identity.fingerprint, "workshop mode: https on every interface");
    tokio::spawn(tls::serve(listener, app, tls_config));
    Ok(())
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
