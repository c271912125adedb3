//! `/api/trace`: the kept entries as JSON, and `/api/trace/stream`: each new one as a
//! server-sent event.

use std::convert::Infallible;
use std::time::Duration;

use app::api::trace::TraceEntry;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::api::query::ApiQuery;
use crate::AppState;

pub fn router() -> Router<AppState> {
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
    State(state): State<AppState>,
    ApiQuery(after): ApiQuery<After>,
) -> Json<Vec<TraceEntry>> {
    Json(state.tracer.since(after.after))
}

async fn live(State(state): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.tracer.subscribe();
    let events = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(entry) => {
                    let event = Event::default()
                        .event("trace")
                        .json_data(&entry)
                        .unwrap_or_else(|_| Event::default().comment("unserialisable entry"));
                    return Some((Ok(event), receiver));
                }
                // A slow page missed some: it can fetch them from /api/trace.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
