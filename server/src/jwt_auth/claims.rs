//! The claims authlab puts in its tokens. Access tokens carry `typ: at+jwt` and
//! `token_use: access`; refresh tokens `typ: refresh+jwt`, `token_use: refresh` and their
//! family — so one can never pass for the other.

use app::api::jwt::AccessClaims;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Which of the two kinds a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenUse {
    Access,
    Refresh,
}

impl TokenUse {
    /// The `typ` header (RFC 9068 names the access one).
    pub fn typ(self) -> &'static str {
        match self {
            Self::Access => "at+jwt",
            Self::Refresh => "refresh+jwt",
        }
    }

    /// The `token_use` claim.
    pub fn claim(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefreshClaims {
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
    pub token_use: String,
    /// The refresh family this token belongs to.
    pub fam: String,
}

/// What the verifier needs from either kind of claims.
pub trait TokenClaims: DeserializeOwned {
    const USE: TokenUse;
    fn exp(&self) -> i64;
    fn nbf(&self) -> i64;
    fn token_use(&self) -> &str;
}

impl TokenClaims for AccessClaims {
    const USE: TokenUse = TokenUse::Access;
    fn exp(&self) -> i64 {
        self.exp
    }
    fn nbf(&self) -> i64 {
        self.nbf
    }
    fn token_use(&self) -> &str {
        &self.token_use
    }
}

impl TokenClaims for RefreshClaims {
    const USE: TokenUse = TokenUse::Refresh;
    fn exp(&self) -> i64 {
        self.exp
    }
    fn nbf(&self) -> i64 {
        self.nbf
    }
    fn token_use(&self) -> &str {
        &self.token_use
    }
}
