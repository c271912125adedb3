//! authlab as an OAuth 2.1 authorization server for one client, the lab's partner app: the
//! authorization code flow with PKCE (S256), a consent page on authlab's origin, delegated
//! tokens limited to the granted scopes, and the user's connected apps with revocation.

mod authorize;
mod client;
mod consent;
mod grants;
mod ledger;
mod pkce;
mod token;

pub use ledger::OAuth;

use axum::extract::FromRef;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::lab::Lab;
use crate::session_auth::{self, Sessions};

/// `/api/oauth/*`, behind the session layer (consent rests on authlab's own session).
pub fn routes<S>(sessions: &Sessions, policy: &Policy) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    OAuth: FromRef<S>,
    Lab: FromRef<S>,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
{
    let router = OpenApiRouter::new()
        .routes(routes!(authorize::ask, authorize::decide))
        .routes(routes!(token::token))
        .routes(routes!(grants::list))
        .routes(routes!(grants::revoke));
    session_auth::behind_session_layer(router, sessions, policy)
}
