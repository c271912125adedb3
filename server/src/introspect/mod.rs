//! How another service asks authlab about a credential it was handed, and how a token's holder
//! ends it:
//!
//! - `POST /api/introspect` (RFC 7662): orders, authenticated by its client secret, asks "is
//!   this live, and whose is it?" — of a session cookie's value (which means nothing to orders
//!   otherwise) or of an access token (to learn whether it was revoked). Each answer is a call
//!   back to authlab: the cost the offline check does not pay.
//! - `POST /api/revoke` (after RFC 7009): the holder of a token made for any of authlab's
//!   audiences puts it on the denylist.

mod client;
mod handlers;
mod lookup;

use axum::extract::FromRef;

pub use client::Clients;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::session_auth::Sessions;

/// `/api/introspect` and `/api/revoke`.
pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Clients: FromRef<S>,
    Sessions: FromRef<S>,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(handlers::introspect))
        .routes(routes!(handlers::revoke))
}
