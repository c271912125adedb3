//! The room: one authlab, a presenter and the attendees' browsers, each in a lab of its own.
//! Every page tells the server where it is in the guides; the server reads off the trace what
//! each lab saw (a stolen copy replayed after logout); the presenter, holding the key printed at
//! start, sees the room at `/room` and can turn on "follow me": every other page's guide then
//! steps with the presenter's, through a `follow` event on the trace stream it already follows.

mod handlers;
mod page;
mod seats;
mod view;

pub use handlers::PRESENTER_COOKIE;
pub use seats::{Joined, Room};
pub use view::RoomView;

use axum::extract::FromRef;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/api/room/*`.
pub fn api_routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Room: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(handlers::view))
        .routes(routes!(handlers::at))
}

/// `/room` (the presenter's page) and its form.
pub fn page_routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Room: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(handlers::page))
        .routes(routes!(handlers::follow))
}
