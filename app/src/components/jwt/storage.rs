//! Where the JWT column keeps the token pair (with the header carrier): its storage keys, and
//! the pair as JSON. Browser only.

use super::super::keep::{Keep, Keys};
use crate::api::jwt::TokenPair;

/// The pair is stored under `authlab.jwt`; the choices beside it.
pub const KEYS: Keys = Keys {
    value: "authlab.jwt",
    keep: "authlab.jwt.keep",
    carrier: "authlab.jwt.carrier",
};

pub fn load(keep: Keep) -> Option<TokenPair> {
    serde_json::from_str(&keep.raw(KEYS)?).ok()
}

pub fn save(keep: Keep, pair: &TokenPair) {
    if let Ok(text) = serde_json::to_string(pair) {
        keep.save(KEYS, &text);
    }
}
