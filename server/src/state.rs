//! The state every handler can extract.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;

use crate::clock::LabClock;
use crate::jwt_auth::JwtState;
use crate::lab::LabState;
use crate::login_limit::LoginLimiter;
use crate::nodes::Peers;
use crate::secrets::Secrets;
use crate::session_auth::store::LabStore;
use crate::settings::{NodeName, SessionSettings};
use crate::trace::Tracer;

/// A cheap handle: one reference count per clone. Axum clones the state for every extractor and
/// middleware of every request; cloning each part (a dozen `Arc`s and the Leptos options' strings)
/// took about a fifth of the server's time under load.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts an extractor may ask for by type (`State<T>` or `T: FromRef<S>`).
macro_rules! from_ref {
    ($($field:ident: $type:ty),* $(,)?) => {$(
        impl FromRef<AppState> for $type {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}

from_ref!(
    leptos_options: LeptosOptions,
    clock: LabClock,
    sessions: SessionSettings,
);

/// What every request can reach through the state.
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: SqlitePool,
    pub secrets: Arc<Secrets>,
    pub clock: LabClock,
    pub sessions: SessionSettings,
    pub session_store: LabStore,
    pub login_limiter: LoginLimiter,
    pub jwt: JwtState,
    pub tracer: Tracer,
    pub lab: LabState,
    pub node: NodeName,
    /// The other nodes, reached through `/node/<name>/…`.
    pub peers: Peers,
}
