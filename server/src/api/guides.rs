//! `GET /api/guides`: the presenter's narration, slide by slide. It lives in the server build
//! only, so the page's wasm does not carry it; the page fetches it when the presenter opens.

use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/api/guides`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> OpenApiRouter<S> {
    OpenApiRouter::new().routes(routes!(guides))
}

#[utoipa::path(get, path = "/guides", tag = "about",
    summary = "The guides and their slides",
    responses((status = 200, description = "The guides' slide names, in order", body = Vec<Vec<String>>)))]
async fn guides() -> Json<Vec<Vec<&'static str>>> {
    Json(app::components::presenter::guide_texts())
}
