//! What a scenario run holds between its steps: the carriers it started with, what the page
//! holds for a header carrier (the session id, the JWT pair), and the attacker's copy ids.

use crate::api::http::Cred;
use crate::api::jwt::TokenPair;
use crate::api::Carrier;

/// What the scenario holds between steps: the carriers of this run, what the page holds for a
/// header (the session id, the JWT pair), the attacker's copy ids.
#[derive(Clone, Debug)]
pub struct RunState {
    pub session_carrier: Carrier,
    pub jwt_carrier: Carrier,
    pub session_id: Option<String>,
    pub pair: Option<TokenPair>,
    pub session_copy: Option<String>,
    pub jwt_copy: Option<String>,
}

impl Default for RunState {
    /// The classic pairing: the session id in its cookie, the JWT in `Authorization`.
    fn default() -> Self {
        Self::carried(Carrier::Cookie, Carrier::Header)
    }
}

impl RunState {
    pub fn carried(session_carrier: Carrier, jwt_carrier: Carrier) -> Self {
        Self {
            session_carrier,
            jwt_carrier,
            session_id: None,
            pair: None,
            session_copy: None,
            jwt_copy: None,
        }
    }

    /// What the page adds to a session request: the id it holds, or nothing (the cookie).
    pub fn session_cred(&self) -> Cred<'_> {
        match &self.session_id {
            Some(id) => Cred::SessionId(id),
            None => Cred::Browser,
        }
    }

    /// What the page adds to a JWT request: the access token it holds, or nothing (the cookie).
    pub fn jwt_cred(&self) -> Cred<'_> {
        match &self.pair {
            Some(pair) => Cred::Bearer(&pair.access_token),
            None => Cred::Browser,
        }
    }

    /// The access token the page holds, or "" (the cookie carrier: the page holds none).
    pub fn access(&self) -> &str {
        self.pair.as_ref().map_or("", |p| p.access_token.as_str())
    }

    /// The refresh token the page holds, or "".
    pub fn refresh(&self) -> &str {
        self.pair.as_ref().map_or("", |p| p.refresh_token.as_str())
    }

    pub fn cookie_jwt(&self) -> bool {
        self.jwt_carrier == Carrier::Cookie
    }
}
