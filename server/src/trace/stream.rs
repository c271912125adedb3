//! `/api/trace`: the kept entries as JSON, and `/api/trace/stream`: each new one as a
//! server-sent event.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::api::room::At;
use app::api::trace::TraceEntry;
use axum::extract::{FromRef, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

use super::tracer::{Owned, Tracer};
use crate::api::query::ApiQuery;
use crate::room::{Joined, Room};

/// `/api/trace/*`.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Tracer: FromRef<S>,
{
    Router::new()
        .route("/", get(recent))
        .route("/stream", get(live))
}

#[derive(Deserialize)]
pub struct After {
    #[serde(default)]
    after: u64,
}

async fn recent(
    State(tracer): State<Tracer>,
    ApiQuery(after): ApiQuery<After>,
) -> Json<Vec<TraceEntry>> {
    Json(tracer.since(after.after))
}

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
