//! The lab controls: copy ("steal") the credential a request carried and replay it as the
//! attacker, move the lab clock, flip the weakening switches (they set the security policy the
//! core reads), the CSRF target, the storage probes and the forge lab's weak key, reset the
//! lab. They simulate and show; none weakens the default configuration without saying so in
//! `GET /api/lab`. The lab mounts its own routes; the core never imports it.

pub mod evil;
mod evil_cors;
mod handlers;
pub mod partner;
mod probe;
mod probes;
mod signing;
mod sites;
mod state;
mod stolen;
mod switches;
mod target;
mod transfers;
mod weak;

use axum::extract::FromRef;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use sites::AppAt;
pub use state::Lab;

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::nodes::Nodes;
use crate::session_auth::Sessions;
use crate::trace::Tracer;

/// `/api/lab/*`.
pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Lab: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Sessions: FromRef<S>,
    Jwt: FromRef<S>,
    Tracer: FromRef<S>,
    Accounts: FromRef<S>,
    Nodes: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(handlers::view))
        .routes(routes!(handlers::steal))
        .routes(routes!(handlers::replay))
        .routes(routes!(handlers::advance_clock))
        .routes(routes!(handlers::switch))
        .routes(routes!(probe::plant, probe::view))
        .routes(routes!(probe::report))
        .routes(routes!(probe::tab))
        .routes(routes!(weak::weak_token))
        .routes(routes!(signing::signing))
        .routes(routes!(handlers::reset))
}

/// The CSRF lab's target in the session scheme: `/api/session/transfer`.
pub fn session_routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Lab: FromRef<S>,
    LabClock: FromRef<S>,
    Sessions: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    OpenApiRouter::new().routes(routes!(target::by_session))
}

/// The CSRF lab's target in the JWT scheme: `/api/jwt/transfer`.
pub fn jwt_routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Lab: FromRef<S>,
    LabClock: FromRef<S>,
    Jwt: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    OpenApiRouter::new().routes(routes!(target::by_jwt))
}
