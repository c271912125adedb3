//! Configuration: CLI flags with `AUTHLAB_*` environment fallbacks, validated once at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::base::settings::{
    defaults, JwtAlgorithm, JwtSettings, NodeName, Peer, SessionSettings, SessionStoreKind,
};

pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
/// The name the build gives the wasm-bindgen output (`pkg/authlab.js`, `pkg/authlab_bg.wasm`).
pub const OUTPUT_NAME: &str = "authlab";

#[derive(Debug, Clone, Parser)]
#[command(
    name = "server",
    version,
    about = "authlab: cookie sessions and JWTs, side by side"
)]
pub struct Cli {
    /// Address to listen on [default: $LEPTOS_SITE_ADDR, else 127.0.0.1:3000]
    #[arg(long, env = "AUTHLAB_ADDR")]
    pub addr: Option<String>,
    /// Directory for the SQLite database and the server's secrets (created if missing)
    #[arg(long, env = "AUTHLAB_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Directory of the built site (pkg/authlab.js, .wasm, .css) [default: $LEPTOS_SITE_ROOT, else target/site]
    #[arg(long, env = "AUTHLAB_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Log filter when RUST_LOG is not set (tracing-subscriber EnvFilter syntax)
    #[arg(long, env = "AUTHLAB_LOG", default_value = "info")]
    pub log: String,
    /// Where session records live: sqlite (survives restarts), memory (this process only) or redis (shared by nodes)
    #[arg(long, env = "AUTHLAB_SESSION_STORE", default_value_t = defaults::SESSION_STORE)]
    pub session_store: SessionStoreKind,
    /// Keep a memory copy in front of the SQLite session store (true|false); off by itself with --peer. Turn it off when another process uses the same data directory
    #[arg(long, env = "AUTHLAB_SESSION_MEMORY_COPY", default_value_t = defaults::MEMORY_COPY, action = clap::ArgAction::Set)]
    pub session_memory_copy: bool,
    /// Minutes of inactivity after which a session is over
    #[arg(long, env = "AUTHLAB_SESSION_IDLE_MINUTES", default_value_t = defaults::SESSION_IDLE_MINUTES)]
    pub session_idle_minutes: u32,
    /// Hours after login after which a session is over, however active
    #[arg(long, env = "AUTHLAB_SESSION_ABSOLUTE_HOURS", default_value_t = defaults::SESSION_ABSOLUTE_HOURS)]
    pub session_absolute_hours: u32,
    /// Mark the session cookie Secure and name it with the __Host- prefix (serve over https then)
    #[arg(long, env = "AUTHLAB_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// This node's name, given in every API answer (x-authlab-node) and trace entry
    #[arg(long, env = "AUTHLAB_NODE_NAME", default_value = defaults::NODE_NAME)]
    pub node_name: NodeName,
    /// The Redis server of the redis session store
    #[arg(
        long,
        env = "AUTHLAB_REDIS_URL",
        default_value = defaults::REDIS_URL
    )]
    pub redis_url: String,
    /// Another node this one passes `/node/<name>/…` to, as name=http://host:port (repeat the flag, or comma-separate in the variable)
    #[arg(long = "peer", env = "AUTHLAB_PEERS", value_delimiter = ',')]
    pub peers: Vec<Peer>,
    /// JWT signing algorithm: hs256 (shared secret), eddsa (Ed25519) or rs256 (RSA); public keys at /.well-known/jwks.json
    #[arg(long, env = "AUTHLAB_JWT_ALG", default_value_t = defaults::JWT_ALG)]
    pub jwt_alg: JwtAlgorithm,
    /// Minutes an access token lives
    #[arg(long, env = "AUTHLAB_JWT_ACCESS_MINUTES", default_value_t = defaults::JWT_ACCESS_MINUTES)]
    pub jwt_access_minutes: u32,
    /// Hours a refresh family lives after login, however often it is rotated
    #[arg(long, env = "AUTHLAB_JWT_REFRESH_HOURS", default_value_t = defaults::JWT_REFRESH_HOURS)]
    pub jwt_refresh_hours: u32,
    /// Loopback port of the CSRF lab's evil site, reached by the other loopback name (0: any free port)
    #[arg(long, env = "AUTHLAB_EVIL_PORT", default_value_t = 0)]
    pub evil_port: u16,
    /// Loopback port of the partner app (another origin, with its own page, that asks for
    /// delegated access through OAuth; 0: any free port)
    #[arg(long, env = "AUTHLAB_PARTNER_PORT", default_value_t = 0)]
    pub partner_port: u16,
    /// The orders service's base URL (`make run` starts it), for the page's "another service" lab
    #[arg(long, env = "AUTHLAB_ORDERS_URL")]
    pub orders_url: Option<String>,
    /// Another name or address this server answers to besides the loopback names and the listen
    /// address (a LAN name); any other Host is refused (DNS rebinding). Repeat, or comma-separate
    #[arg(
        long = "allow-host",
        env = "AUTHLAB_ALLOW_HOSTS",
        value_delimiter = ','
    )]
    pub allow_hosts: Vec<String>,
    /// Workshop mode: also serve over https on every interface (the room's browsers), with a
    /// certificate generated once into the data directory; Secure cookies with the __Host- prefix
    #[arg(long, env = "AUTHLAB_WORKSHOP")]
    pub workshop: bool,
    /// The https port of workshop mode
    #[arg(long, env = "AUTHLAB_WORKSHOP_PORT", default_value_t = 3443)]
    pub workshop_port: u16,
}

/// The validated configuration the server runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub site_root: PathBuf,
    pub log_filter: String,
    pub sessions: SessionSettings,
    pub jwt: JwtSettings,
    pub node: NodeName,
    pub peers: Vec<Peer>,
    /// The evil site listens on 127.0.0.1 at this port (0: any free one).
    pub evil_port: u16,
    /// The partner app listens on 127.0.0.1 at this port (0: any free one).
    pub partner_port: u16,
    /// The orders service's `/api/orders`, when it runs.
    pub orders_url: Option<String>,
    /// The names a request's Host may give besides the loopback names.
    pub hosts: Vec<String>,
    /// Workshop mode's https port, when it is on.
    pub workshop_port: Option<u16>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("--orders-url {0:?}: the orders service's base URL is expected, such as http://127.0.0.1:3002")]
    BadOrdersUrl(String),
    #[error("listen address {value:?} (from {origin}) is not host:port, e.g. 127.0.0.1:3000")]
    BadAddr { value: String, origin: &'static str },
    #[error(
        "the site is not built: {0} is missing. Build it with `make run` (or scripts/build.sh), \
         or point --site-root / AUTHLAB_SITE_ROOT at a built site"
    )]
    SiteNotBuilt(PathBuf),
    #[error("log filter {0:?} is not valid")]
    BadLogFilter(String),
    #[error("session timeouts must be at least one minute, and the idle one no longer than the absolute one")]
    BadTimeouts,
    #[error("peer {0} has this node's own name")]
    PeerIsSelf(String),
    #[error("two peers are named {0}")]
    DuplicatePeer(String),
    #[error("JWT lifetimes must be at least one minute, and the access token's no longer than the refresh family's")]
    BadJwtLifetimes,
}

impl Config {
    /// Resolves the flags against the environment (`env` looks a variable up) and validates them.
    /// Precedence: flag, then `AUTHLAB_*` (both through clap), then `LEPTOS_*`, then the default.
    pub fn from_cli(cli: Cli, env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let (addr, origin) = match (cli.addr, env("LEPTOS_SITE_ADDR")) {
            (Some(addr), _) => (addr, "--addr / AUTHLAB_ADDR"),
            (None, Some(addr)) => (addr, "LEPTOS_SITE_ADDR"),
            (None, None) => (DEFAULT_ADDR.to_owned(), "the default"),
        };
        let addr = addr.parse().map_err(|_| ConfigError::BadAddr {
            value: addr,
            origin,
        })?;
        let site_root = cli
            .site_root
            .or_else(|| env("LEPTOS_SITE_ROOT").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SITE_ROOT));
        let entry = site_root.join("pkg").join(format!("{OUTPUT_NAME}.js"));
        if !entry.is_file() {
            return Err(ConfigError::SiteNotBuilt(entry));
        }
        if tracing_subscriber::EnvFilter::try_new(&cli.log).is_err() {
            return Err(ConfigError::BadLogFilter(cli.log));
        }
        let idle = time::Duration::minutes(cli.session_idle_minutes.into());
        let absolute = time::Duration::hours(cli.session_absolute_hours.into());
        if cli.session_idle_minutes == 0 || cli.session_absolute_hours == 0 || idle > absolute {
            return Err(ConfigError::BadTimeouts);
        }
        let access = time::Duration::minutes(cli.jwt_access_minutes.into());
        let refresh = time::Duration::hours(cli.jwt_refresh_hours.into());
        if cli.jwt_access_minutes == 0 || cli.jwt_refresh_hours == 0 || access > refresh {
            return Err(ConfigError::BadJwtLifetimes);
        }
        let mut names = vec![cli.node_name.to_string()];
        for peer in &cli.peers {
            let name = peer.name.to_string();
            if name == cli.node_name.as_str() {
                return Err(ConfigError::PeerIsSelf(peer.to_string()));
            }
            if names.contains(&name) {
                return Err(ConfigError::DuplicatePeer(name));
            }
            names.push(name);
        }
        Ok(Config {
            addr,
            data_dir: cli.data_dir,
            site_root,
            log_filter: cli.log,
            sessions: SessionSettings {
                store: cli.session_store,
                idle_timeout: idle,
                absolute_timeout: absolute,
                secure_cookie: cli.secure_cookies || cli.workshop,
                redis_url: cli.redis_url,
                memory_copy: cli.session_memory_copy,
            },
            jwt: JwtSettings {
                algorithm: cli.jwt_alg,
                access_ttl: access,
                refresh_ttl: refresh,
                secure_cookie: cli.secure_cookies || cli.workshop,
                ..JwtSettings::default()
            },
            node: cli.node_name,
            peers: cli.peers,
            evil_port: cli.evil_port,
            partner_port: cli.partner_port,
            orders_url: cli.orders_url.map(|base| orders_api(&base)).transpose()?,
            hosts: own_names(addr, cli.allow_hosts),
            workshop_port: cli.workshop.then_some(cli.workshop_port),
        })
    }
}

/// The `--allow-host` names, and the listen address when it is one particular address (a
/// wildcard such as 0.0.0.0 names nothing a browser would send).
fn own_names(addr: SocketAddr, mut names: Vec<String>) -> Vec<String> {
    let ip = addr.ip();
    if !ip.is_unspecified() {
        names.push(match ip {
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        });
    }
    names
}

/// `http://host:port/api/orders` from the orders service's base URL.
fn orders_api(base: &str) -> Result<String, ConfigError> {
    let base = base.trim_end_matches('/');
    let uri: axum::http::Uri = base
        .parse()
        .map_err(|_| ConfigError::BadOrdersUrl(base.to_owned()))?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() || uri.path() != "/" {
        return Err(ConfigError::BadOrdersUrl(base.to_owned()));
    }
    Ok(format!("{base}/api/orders"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/authlab.js"), "").unwrap();
        dir
    }

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("server").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn address_defaults_to_loopback_3000() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(cli(&["--site-root", site]), |_| None).unwrap();
        assert_eq!(config.addr, "127.0.0.1:3000".parse().unwrap());
    }

    #[test]
    fn leptos_site_addr_is_honoured_and_the_flag_wins_over_it() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let leptos = |name: &str| (name == "LEPTOS_SITE_ADDR").then(|| "127.0.0.1:4000".to_owned());
        let config = Config::from_cli(cli(&["--site-root", site]), leptos).unwrap();
        assert_eq!(config.addr.port(), 4000);
        let config = Config::from_cli(
            cli(&["--site-root", site, "--addr", "127.0.0.1:5000"]),
            leptos,
        )
        .unwrap();
        assert_eq!(config.addr.port(), 5000);
    }

    #[test]
    fn a_bad_address_names_where_it_came_from() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let err = Config::from_cli(cli(&["--site-root", site]), |_| Some("localhost".into()))
            .unwrap_err();
        assert!(err.to_string().contains("LEPTOS_SITE_ADDR"), "{err}");
    }

    #[test]
    fn an_unbuilt_site_is_refused_with_how_to_build_it() {
        let empty = tempfile::tempdir().unwrap();
        let err = Config::from_cli(
            cli(&["--site-root", empty.path().to_str().unwrap()]),
            |_| None,
        )
        .unwrap_err();
        assert!(matches!(err, ConfigError::SiteNotBuilt(_)));
        assert!(err.to_string().contains("make run"), "{err}");
    }

    #[test]
    fn session_settings_default_to_sqlite_30_minutes_8_hours_and_can_be_changed() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(cli(&["--site-root", site]), |_| None).unwrap();
        assert_eq!(config.sessions.store, SessionStoreKind::Sqlite);
        assert_eq!(config.sessions.idle_timeout, time::Duration::minutes(30));
        assert_eq!(config.sessions.absolute_timeout, time::Duration::hours(8));
        assert!(!config.sessions.secure_cookie);
        assert!(
            config.sessions.memory_copy,
            "a lone process keeps a memory copy"
        );
        let shared = ["--site-root", site, "--session-memory-copy", "false"];
        let config = Config::from_cli(cli(&shared), |_| None).unwrap();
        assert!(!config.sessions.memory_copy);
        let args = [
            "--site-root",
            site,
            "--session-store",
            "memory",
            "--session-idle-minutes",
            "5",
            "--secure-cookies",
        ];
        let config = Config::from_cli(cli(&args), |_| None).unwrap();
        assert_eq!(config.sessions.store, SessionStoreKind::Memory);
        assert_eq!(config.sessions.idle_timeout, time::Duration::minutes(5));
        assert_eq!(config.sessions.cookie_name(), "__Host-authlab_session");
        assert!(Cli::try_parse_from(["server", "--session-store", "postgres"]).is_err());
        let zero = ["--site-root", site, "--session-idle-minutes", "0"];
        assert!(matches!(
            Config::from_cli(cli(&zero), |_| None),
            Err(ConfigError::BadTimeouts)
        ));
    }

    #[test]
    fn jwt_settings_default_to_hs256_5_minutes_8_hours_and_can_be_changed() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(cli(&["--site-root", site]), |_| None).unwrap();
        assert_eq!(config.jwt.algorithm, JwtAlgorithm::Hs256);
        assert_eq!(config.jwt.access_ttl, time::Duration::minutes(5));
        assert_eq!(config.jwt.refresh_ttl, time::Duration::hours(8));
        assert_eq!(config.jwt.leeway, time::Duration::seconds(5));
        let args = [
            "--site-root",
            site,
            "--jwt-alg",
            "eddsa",
            "--jwt-access-minutes",
            "2",
        ];
        let config = Config::from_cli(cli(&args), |_| None).unwrap();
        assert_eq!(config.jwt.algorithm, JwtAlgorithm::EdDsa);
        assert_eq!(config.jwt.access_ttl, time::Duration::minutes(2));
        assert!(Cli::try_parse_from(["server", "--jwt-alg", "none"]).is_err());
        let zero = ["--site-root", site, "--jwt-access-minutes", "0"];
        assert!(matches!(
            Config::from_cli(cli(&zero), |_| None),
            Err(ConfigError::BadJwtLifetimes)
        ));
    }

    #[test]
    fn the_host_names_are_the_listen_address_and_the_allowed_ones() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(cli(&["--site-root", site]), |_| None).unwrap();
        assert_eq!(config.hosts, ["127.0.0.1"]);
        let args = [
            "--site-root",
            site,
            "--addr",
            "0.0.0.0:3000",
            "--allow-host",
            "authlab.lan,192.168.1.20",
        ];
        let config = Config::from_cli(cli(&args), |_| None).unwrap();
        assert_eq!(
            config.hosts,
            ["authlab.lan", "192.168.1.20"],
            "a wildcard names nothing"
        );
        let args = ["--site-root", site, "--addr", "[::1]:3000"];
        let config = Config::from_cli(cli(&args), |_| None).unwrap();
        assert_eq!(config.hosts, ["[::1]"]);
    }

    #[test]
    fn peers_are_named_once_and_never_after_this_node() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(
            cli(&[
                "--site-root",
                site,
                "--peer",
                "b=http://127.0.0.1:3001",
                "--peer",
                "c=http://127.0.0.1:3002",
            ]),
            |_| None,
        )
        .unwrap();
        assert_eq!(config.peers.len(), 2);
        let same = Config::from_cli(
            cli(&["--site-root", site, "--peer", "a=http://127.0.0.1:3001"]),
            |_| None,
        );
        assert!(matches!(same, Err(ConfigError::PeerIsSelf(_))));
        let twice = Config::from_cli(
            cli(&[
                "--site-root",
                site,
                "--peer",
                "b=http://127.0.0.1:3001",
                "--peer",
                "b=http://127.0.0.1:3002",
            ]),
            |_| None,
        );
        assert!(matches!(twice, Err(ConfigError::DuplicatePeer(_))));
        assert!(Cli::try_parse_from(["server", "--peer", "b=ftp://x"]).is_err());
    }

    #[test]
    fn the_node_name_defaults_to_a_and_is_checked() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let config = Config::from_cli(cli(&["--site-root", site]), |_| None).unwrap();
        assert_eq!(config.node.as_str(), "a");
        let config =
            Config::from_cli(cli(&["--site-root", site, "--node-name", "b"]), |_| None).unwrap();
        assert_eq!(config.node.as_str(), "b");
        for bad in ["", "B", "a b", "x\r\ny", "seventeen-chars-x"] {
            assert!(
                Cli::try_parse_from(["server", "--node-name", bad]).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_bad_log_filter_is_refused() {
        let site = built_site();
        let site = site.path().to_str().unwrap();
        let err = Config::from_cli(cli(&["--site-root", site, "--log", "info,[[["]), |_| None)
            .unwrap_err();
        assert!(matches!(err, ConfigError::BadLogFilter(_)));
    }
}
