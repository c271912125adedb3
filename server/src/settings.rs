//! Runtime settings of the auth schemes (validated by `config`, defaulted in tests).

use std::fmt;
use std::str::FromStr;

use time::Duration;

/// Where the server keeps session records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStoreKind {
    /// In this process only: lost at restart, unknown to other nodes.
    Memory,
    /// In the data directory's SQLite file: survives restarts.
    Sqlite,
}

impl FromStr for SessionStoreKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "memory" => Ok(Self::Memory),
            "sqlite" => Ok(Self::Sqlite),
            other => Err(format!(
                "unknown session store {other:?}: use memory or sqlite"
            )),
        }
    }
}

impl fmt::Display for SessionStoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Memory => "memory",
            Self::Sqlite => "sqlite",
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
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            store: SessionStoreKind::Sqlite,
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(8),
            secure_cookie: false,
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
