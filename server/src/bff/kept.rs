//! What the BFF keeps in a session's record: the tokens, which never leave the server, and the
//! handles the page may see.

use app::api::bff::BffKept;
use app::api::jwt::AccessClaims;
use serde::{Deserialize, Serialize};

use crate::jwt_auth::issue::Issued;
use crate::kit::handles::short;

/// The key under which the session's data holds the BFF's tokens.
pub const BFF_KEY: &str = "bff";

/// The tokens of one session's BFF login.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Kept {
    pub family_id: String,
    pub family_expires_at: i64,
    /// The access token's claims (a token for orders is signed from them per call).
    pub access: AccessClaims,
    pub access_token: String,
    pub refresh_jti: String,
    pub refresh_token: String,
    pub refreshes: u32,
}

impl Kept {
    /// A new family's first pair (its refresh token ends when the family does).
    pub fn new(issued: Issued) -> Self {
        Self {
            family_id: issued.refresh.fam.clone(),
            family_expires_at: issued.refresh.exp,
            access: issued.access,
            access_token: issued.pair.access_token,
            refresh_jti: issued.refresh.jti,
            refresh_token: issued.pair.refresh_token,
            refreshes: 0,
        }
    }

    /// A refresh's new pair replaces the old one.
    pub fn rotated(self, issued: Issued) -> Self {
        Self {
            access: issued.access,
            access_token: issued.pair.access_token,
            refresh_jti: issued.refresh.jti,
            refresh_token: issued.pair.refresh_token,
            refreshes: self.refreshes + 1,
            ..self
        }
    }

    /// The handles the page may see.
    pub fn view(&self, session: String, now: i64) -> BffKept {
        BffKept {
            session,
            family: short(&self.family_id),
            access_jti: short(&self.access.jti),
            access_expires_in: self.access.exp - now,
            refresh_jti: short(&self.refresh_jti),
            refreshes: self.refreshes,
        }
    }
}
