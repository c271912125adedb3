//! The state every handler can extract.

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

#[derive(Clone, FromRef)]
pub struct AppState {
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
