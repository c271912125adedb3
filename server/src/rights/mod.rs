//! Rights that change under live credentials: the admin API (list users, change a role,
//! disable an account, reset a password), a user's own password change, and what each change
//! does to the sessions and tokens already out.

pub mod caller;
mod effects;
mod handlers;

use axum::extract::FromRef;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::session_auth::{self, Sessions};

/// `/api/admin/*` and `/api/account/*`, behind the session layer so a session can call them.
pub fn routes<S>(sessions: &Sessions, policy: &Policy) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
{
    let router = OpenApiRouter::new()
        .routes(routes!(handlers::users))
        .routes(routes!(handlers::set_role))
        .routes(routes!(handlers::set_disabled))
        .routes(routes!(handlers::reset_password))
        .routes(routes!(handlers::change_password));
    session_auth::behind_session_layer(router, sessions, policy)
}
