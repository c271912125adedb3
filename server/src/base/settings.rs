//! Runtime settings of the auth schemes (validated by `config`, defaulted in tests).

use std::fmt;
use std::str::FromStr;

use time::Duration;

pub use super::peer::{NodeName, Peer};

/// The defaults, kept once: the `Default` impls below and the command line's defaults
/// (`start::config`) both read them.
pub mod defaults {
    use crate::base::settings::{JwtAlgorithm, SessionStoreKind};

    pub const SESSION_STORE: SessionStoreKind = SessionStoreKind::Sqlite;
    pub const SESSION_IDLE_MINUTES: u32 = 30;
    pub const SESSION_ABSOLUTE_HOURS: u32 = 8;
    pub const REDIS_URL: &str = "redis://127.0.0.1:6379";
    pub const MEMORY_COPY: bool = true;
    pub const NODE_NAME: &str = "a";
    pub const JWT_ALG: JwtAlgorithm = JwtAlgorithm::Hs256;
    pub const JWT_ACCESS_MINUTES: u32 = 5;
    pub const JWT_REFRESH_HOURS: u32 = 8;
}

/// Where the server keeps session records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStoreKind {
    /// In this process only: lost at restart, unknown to other nodes.
    Memory,
    /// In the data directory's SQLite file: survives restarts; shared by nodes on one machine.
    Sqlite,
    /// In Redis: shared by nodes on any machine.
    Redis,
}

impl FromStr for SessionStoreKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "memory" => Ok(Self::Memory),
            "sqlite" => Ok(Self::Sqlite),
            "redis" => Ok(Self::Redis),
            other => Err(format!(
                "unknown session store {other:?}: use memory, sqlite or redis"
            )),
        }
    }
}

impl fmt::Display for SessionStoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Memory => "memory",
            Self::Sqlite => "sqlite",
            Self::Redis => "redis",
        })
    }
}

#[derive(Clone, Debug)]
pub struct SessionSettings {
    pub store: SessionStoreKind,
    /// A session unused this long is over.
    pub idle_timeout: Duration,
    /// A session this old is over, however busy.
    pub absolute_timeout: Duration,
    /// `Secure` and the `__Host-` name prefix (for https deployments).
    pub secure_cookie: bool,
    /// Where the Redis store is, when it is the one in use.
    pub redis_url: String,
    /// Keep a memory copy in front of the SQLite store. Only right when no other process uses
    /// the data directory: the server turns it off when it has peers, and `make nodes` off for
    /// every node.
    pub memory_copy: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            store: defaults::SESSION_STORE,
            idle_timeout: Duration::minutes(defaults::SESSION_IDLE_MINUTES.into()),
            absolute_timeout: Duration::hours(defaults::SESSION_ABSOLUTE_HOURS.into()),
            secure_cookie: false,
            redis_url: defaults::REDIS_URL.to_owned(),
            memory_copy: defaults::MEMORY_COPY,
        }
    }
}

impl SessionSettings {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            "__Host-authlab_session"
        } else {
            "authlab_session"
        }
    }
}

/// The algorithm the JWT scheme signs with. One family per verifier: a server configured for
/// one never accepts another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwtAlgorithm {
    /// HMAC-SHA256 with a shared secret: whoever verifies can also sign.
    Hs256,
    /// Ed25519 signatures: verifiers need only the public key (published as a JWKS).
    EdDsa,
    /// RSA PKCS#1 v1.5 with SHA-256 (2048-bit keys): the classic public-key JWT, and the
    /// classic target of RS256→HS256 key confusion.
    Rs256,
}

impl JwtAlgorithm {
    /// The `alg` header value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::EdDsa => "EdDSA",
            Self::Rs256 => "RS256",
        }
    }
}

impl FromStr for JwtAlgorithm {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "hs256" => Ok(Self::Hs256),
            "eddsa" => Ok(Self::EdDsa),
            "rs256" => Ok(Self::Rs256),
            other => Err(format!(
                "unknown JWT algorithm {other:?}: use hs256, eddsa or rs256"
            )),
        }
    }
}

impl fmt::Display for JwtAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every runtime setting of the two schemes, and the node's name.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub sessions: SessionSettings,
    pub jwt: JwtSettings,
    pub node: NodeName,
    /// The other nodes this one passes `/node/<name>/…` to.
    pub peers: Vec<Peer>,
    /// The names a request's `Host` may give besides the loopback names.
    pub hosts: Vec<String>,
}

impl From<SessionSettings> for Settings {
    fn from(sessions: SessionSettings) -> Self {
        Self {
            sessions,
            ..Self::default()
        }
    }
}

#[derive(Clone, Debug)]
pub struct JwtSettings {
    pub algorithm: JwtAlgorithm,
    pub access_ttl: Duration,
    /// The lifetime of a refresh family: no refresh after it, however often rotated.
    pub refresh_ttl: Duration,
    /// Clock skew tolerated on `exp` and `nbf` (jsonwebtoken's default of 60 s is not used).
    pub leeway: Duration,
    pub issuer: &'static str,
    pub audience: &'static str,
    /// The cookie carrier's cookies are `Secure` and `__Secure-` prefixed (for https).
    pub secure_cookie: bool,
}

impl Default for JwtSettings {
    fn default() -> Self {
        Self {
            algorithm: defaults::JWT_ALG,
            access_ttl: Duration::minutes(defaults::JWT_ACCESS_MINUTES.into()),
            refresh_ttl: Duration::hours(defaults::JWT_REFRESH_HOURS.into()),
            leeway: Duration::seconds(5),
            issuer: "authlab",
            audience: "authlab-api",
            secure_cookie: false,
        }
    }
}
