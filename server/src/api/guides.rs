//! `GET /api/guides`: the presenter's narration, slide by slide. It lives in the server build
//! only, so the page's wasm does not carry it; the page fetches it when the presenter opens.

use axum::routing::get;
use axum::{Json, Router};

/// `/api/guides`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/guides", get(guides))
}

async fn guides() -> Json<Vec<Vec<&'static str>>> {
    Json(app::components::presenter::guide_texts())
}
