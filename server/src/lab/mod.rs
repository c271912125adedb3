//! The lab controls: copy ("steal") the credential a request carried and replay it as the
//! attacker, move the lab clock, reset the lab. They simulate and show; none weakens the
//! default configuration without saying so in `GET /api/lab`.

pub mod evil;
mod handlers;
mod probe;
mod stolen;
mod switches;
pub mod transfers;
mod weak;

use std::sync::{Arc, OnceLock};

use axum::routing::{get, post};
use axum::Router;

pub use stolen::Stolen;
pub use switches::Switches;
pub use transfers::Transfers;

use crate::AppState;

/// The lab's own state.
#[derive(Clone, Debug, Default)]
pub struct LabState {
    pub stolen: Stolen,
    /// The CSRF lab's weakening switches.
    pub switches: Switches,
    /// What the CSRF target endpoints did.
    pub transfers: Transfers,
    /// What the storage lab's probes reported.
    pub probes: probe::Probes,
    /// The evil site's port, once it listens.
    evil_port: Arc<OnceLock<u16>>,
    /// The whole app, so a replay goes through every layer a real request would.
    app: Arc<OnceLock<Router>>,
}

impl LabState {
    /// Hands the lab the finished app (once; later calls are ignored).
    pub fn install(&self, app: Router) {
        let _ = self.app.set(app);
    }

    pub fn app(&self) -> Option<Router> {
        self.app.get().cloned()
    }

    pub fn set_evil_port(&self, port: u16) {
        let _ = self.evil_port.set(port);
    }

    pub fn evil_port(&self) -> Option<u16> {
        self.evil_port.get().copied()
    }
}

/// `/api/lab/*`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(handlers::view))
        .route("/steal", post(handlers::steal))
        .route("/replay", post(handlers::replay))
        .route("/clock", post(handlers::advance_clock))
        .route("/switch", post(handlers::switch))
        .route("/probe", post(probe::plant).get(probe::view))
        .route("/probe/report", get(probe::report))
        .route("/probe/tab", get(probe::tab))
        .route("/weak-token", post(weak::weak_token))
        .route("/reset", post(handlers::reset))
}
