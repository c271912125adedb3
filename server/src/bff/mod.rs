//! The backend-for-frontend: a third way to hold a login. The browser keeps only the HttpOnly
//! session cookie; authlab keeps an access and a refresh token in that session's record, signs
//! a token for orders from them and calls orders itself. Page script can read no token, so an
//! XSS has nothing to carry off; logout at the BFF ends the session and the refresh family at
//! once.
//!
//! `POST /api/bff/connect` (a logged-in session opens a refresh family), `GET /api/bff/orders`
//! (authlab calls orders on the browser's behalf, refreshing first when the access token
//! expired), `POST /api/bff/logout`.

mod handlers;
mod kept;

use axum::extract::FromRef;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::lab::Lab;
use crate::session_auth::{self, Sessions};

/// `/api/bff/*`, behind the session layer: the session is the browser's only credential.
pub fn routes<S>(sessions: &Sessions, policy: &Policy) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
    Lab: FromRef<S>,
{
    let router = OpenApiRouter::new()
        .routes(routes!(handlers::connect))
        .routes(routes!(handlers::orders))
        .routes(routes!(handlers::logout));
    session_auth::behind_session_layer(router, sessions, policy)
}
