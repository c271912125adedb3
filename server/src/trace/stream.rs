//! `/api/trace`: the kept entries as JSON, and `/api/trace/stream`: each new one as a
//! server-sent event.

use std::convert::Infallible;
use std::time::Duration;

use app::api::trace::TraceEntry;
use axum::extract::{FromRef, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::tracer::Tracer;
use crate::api::query::ApiQuery;

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
    let events = stream::unfold((receiver, owner), |(mut receiver, owner)| async move {
        loop {
            match receiver.recv().await {
                Ok((of, _)) if of != owner => continue,
                Ok((_, entry)) => {
                    let event = Event::default()
                        .event("trace")
                        .json_data(&entry)
                        .unwrap_or_else(|_| Event::default().comment("unserialisable entry"));
                    return Some((Ok(event), (receiver, owner)));
                }
                // A slow page missed some: it can fetch them from /api/trace.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
