//! The lab controls: copy ("steal") the credential a request carried and replay it as the
//! attacker, move the lab clock, reset the lab. They simulate and show; none weakens the
//! default configuration without saying so in `GET /api/lab`.

mod handlers;
mod stolen;

use std::sync::{Arc, OnceLock};

use axum::routing::{get, post};
use axum::Router;

pub use stolen::Stolen;

use crate::AppState;

/// The lab's own state.
#[derive(Clone, Debug, Default)]
pub struct LabState {
    pub stolen: Stolen,
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
}

/// `/api/lab/*`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(handlers::view))
        .route("/steal", post(handlers::steal))
        .route("/replay", post(handlers::replay))
        .route("/clock", post(handlers::advance_clock))
        .route("/reset", post(handlers::reset))
}
