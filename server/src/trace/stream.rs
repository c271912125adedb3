//! `/api/trace`: the kept entries as JSON, and `/api/trace/stream`: each new one as a
//! server-sent event.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::api::room::At;
use app::api::trace::TraceEntry;
use axum::extract::{FromRef, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::tracer::{Owned, Tracer};
use crate::api::query::ApiQuery;
use crate::room::{Joined, Room};

/// `/api/trace/*`.
pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Tracer: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(recent))
        .routes(routes!(live))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct After {
    #[serde(default)]
    after: u64,
}

#[utoipa::path(get, path = "/", tag = "about",
    summary = "The kept trace: every request and the checks the server ran",
    params(After),
    responses((status = 200, description = "The kept trace entries after `after` (this visitor's lab)", body = [TraceEntry])))]
async fn recent(
    State(tracer): State<Tracer>,
    ApiQuery(after): ApiQuery<After>,
) -> Json<Vec<TraceEntry>> {
    Json(tracer.since(after.after))
}

#[utoipa::path(get, path = "/stream", tag = "about",
    summary = "The trace, live (server-sent events)",
    responses((status = 200, description = "Server-sent events: `event: entry` with a TraceEntry per request in this lab, `event: follow` with the presenter's step", content_type = "text/event-stream")))]
async fn live(State(tracer): State<Tracer>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = tracer.subscribe();
    // The stream is polled outside this request's task: its lab is taken along now.
    let owner = crate::kit::visit::current();
    let room = tracer.room().clone();
    let mut follow = room.follow();
    // A page that opens while "follow me" is on goes to the presenter's step at once.
    follow.mark_changed();
    let joined = room.join(owner.clone());
    let state = Live {
        receiver,
        owner,
        room,
        follow,
        _joined: joined,
    };
    let events = stream::unfold(state, |mut live| async move {
        let event = live.next().await?;
        Some((Ok(event), live))
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// One page's stream: its lab's trace entries, and the presenter's step while "follow me" is on
/// (a `follow` event; never to the presenter's own page).
struct Live {
    receiver: broadcast::Receiver<Owned>,
    owner: Option<Arc<str>>,
    room: Room,
    follow: watch::Receiver<Option<At>>,
    /// The page counts as in the room while its stream is open.
    _joined: Joined,
}

impl Live {
    async fn next(&mut self) -> Option<Event> {
        loop {
            tokio::select! {
                got = self.receiver.recv() => match got {
                    Ok((of, _)) if of != self.owner => continue,
                    Ok((_, entry)) => {
                        return Some(
                            Event::default()
                                .event("trace")
                                .json_data(&entry)
                                .unwrap_or_else(|_| Event::default().comment("unserialisable entry")),
                        );
                    }
                    // A slow page missed some: it can fetch them from /api/trace.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                changed = self.follow.changed() => {
                    // The room (held here) keeps the sender: this cannot fail while we run.
                    if changed.is_err() {
                        return None;
                    }
                    let at = *self.follow.borrow_and_update();
                    match at {
                        Some(at) if !self.room.is_presenter_lab(self.owner.as_ref()) => {
                            let event = Event::default().event("follow").json_data(at);
                            return Some(event.unwrap_or_else(|_| Event::default().comment("unserialisable step")));
                        }
                        _ => continue,
                    }
                }
            }
        }
    }
}
