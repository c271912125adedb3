//! What the orders service's handlers share: its key copy, what it expects of a token, the way
//! to ask authlab about a credential, its trace.

use axum::extract::FromRef;

use super::authlab::Authlab;
use super::keys::KeyCache;
use super::verify::Expect;
use crate::trace::Tracer;

/// Everything the orders service's handlers share.
#[derive(Clone)]
pub struct OrdersState {
    pub keys: KeyCache,
    pub expect: Expect,
    pub authlab: Authlab,
    pub tracer: Tracer,
}

impl FromRef<OrdersState> for Tracer {
    fn from_ref(state: &OrdersState) -> Tracer {
        state.tracer.clone()
    }
}

impl FromRef<OrdersState> for KeyCache {
    fn from_ref(state: &OrdersState) -> KeyCache {
        state.keys.clone()
    }
}
