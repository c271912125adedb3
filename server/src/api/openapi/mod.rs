//! The API described from the code (issue 21): each handler carries its `#[utoipa::path]`, the
//! routers are `utoipa_axum` routers, so a route and its description are written once, in the
//! same place. Served as `GET /api/openapi.json` (OpenAPI 3.1) and as an offline page,
//! `GET /api/docs`, with curl lines for both schemes and both carriers.

mod answers;
mod curl;
mod operation;
mod page;
mod schemas;
mod schemes;
mod text;

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa::OpenApi as _;

pub const JSON_PATH: &str = "/api/openapi.json";
pub const PAGE_PATH: &str = "/api/docs";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "authlab",
        description = "Two login schemes side by side — cookie sessions (state on the server) and \
            JWTs (signed claims) — and the lab that shows what each does under logout, \
            revocation, expiry, refresh and attack. A credential's *carrier* (a cookie the \
            browser attaches, or a header the page adds) and the *state model* (a server record, \
            or signed claims) are independent: every authenticated route names the carriers it \
            accepts under `security`. Errors are `{\"error\": …}`; a refused token adds `reason` \
            and `checks`. `/node/{name}/…` forwards any request to that node (see `make nodes`).",
        license(name = "MIT"),
    ),
    paths(openapi_json, api_page),
    tags(
        (name = "session", description = "Cookie sessions: the server keeps the state; logout deletes the record."),
        (name = "jwt", description = "JWTs: the server signs claims and keeps nothing; logout only forgets the token."),
        (name = "lab", description = "The lab: steal and replay, the clock, the switches, the attacks. Per visitor."),
        (name = "rights", description = "Rights that change under a live credential: roles, disabled accounts, passwords."),
        (name = "oauth", description = "Scoped tokens for the partner app (authorization code + PKCE)."),
        (name = "services", description = "What a second service uses: introspection, revocation, the JWKS."),
        (name = "bff", description = "The backend-for-frontend: the page holds a session, the server holds the token."),
        (name = "nodes", description = "Several nodes behind one front door."),
        (name = "room", description = "The presenter's room (workshop mode)."),
        (name = "about", description = "Health, the guides, the live trace, this description."),
    ),
)]
struct Own;

/// The description as JSON and as the page, each made once asked for.
#[derive(Clone)]
struct Rendered {
    describe: Arc<dyn Fn() -> OpenApi + Send + Sync>,
    json: Arc<OnceLock<Bytes>>,
    html: Arc<OnceLock<Bytes>>,
}

impl Rendered {
    fn json(&self) -> &Bytes {
        self.json.get_or_init(|| {
            let json = (self.describe)().to_pretty_json().unwrap_or_else(|err| {
                tracing::error!(error = %err, "the OpenAPI document does not serialize");
                "{}".to_owned()
            });
            Bytes::from(json)
        })
    }

    fn html(&self) -> &Bytes {
        self.html.get_or_init(|| {
            let doc = serde_json::from_slice(self.json()).unwrap_or(serde_json::Value::Null);
            Bytes::from(page::render(&doc))
        })
    }
}

/// `GET /api/openapi.json`.
#[utoipa::path(get, path = JSON_PATH, tag = "about",
    summary = "This description (OpenAPI 3.1)",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
async fn openapi_json(State(rendered): State<Rendered>) -> impl IntoResponse {
    answer(rendered.json().clone(), "application/json")
}

/// `GET /api/docs`.
#[utoipa::path(get, path = PAGE_PATH, tag = "about",
    summary = "This description as a page, offline, with curl lines",
    responses((status = 200, description = "An HTML page (no script, nothing from another site)", content_type = "text/html")))]
async fn api_page(State(rendered): State<Rendered>) -> impl IntoResponse {
    answer(rendered.html().clone(), "text/html; charset=utf-8")
}

/// The whole document: the routers' paths (`routed`), this module's own two, and the shared
/// schemes and error answers.
pub fn document(routed: OpenApi) -> OpenApi {
    let mut doc = Own::openapi();
    doc.merge(routed);
    schemes::add_schemes(&mut doc);
    answers::add_errors(&mut doc);
    name_operations(&mut doc);
    doc
}

/// The two routes serving the description `describe` makes, made at the first request of
/// either and kept.
pub fn routes<S, D>(describe: D) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    D: Fn() -> OpenApi + Send + Sync + 'static,
{
    let rendered = Rendered {
        describe: Arc::new(describe),
        json: Arc::new(OnceLock::new()),
        html: Arc::new(OnceLock::new()),
    };
    Router::new()
        .route(JSON_PATH, get(openapi_json))
        .route(PAGE_PATH, get(api_page))
        .with_state(rendered)
}

/// Operation ids from the method and the path (`post_api_jwt_logout`): a handler's name is
/// not unique (two `logout`s), an id must be.
pub fn name_operations(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let slug: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let slug = slug.trim_matches('_').to_owned();
        for (method, operation) in [
            ("get", item.get.as_mut()),
            ("post", item.post.as_mut()),
            ("put", item.put.as_mut()),
            ("delete", item.delete.as_mut()),
            ("patch", item.patch.as_mut()),
        ] {
            if let Some(operation) = operation {
                operation.operation_id = Some(format!("{method}_{slug}"));
            }
        }
    }
}

fn answer(body: Bytes, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use utoipa::openapi::OpenApi;

    fn doc(post: serde_json::Value) -> OpenApi {
        serde_json::from_value(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/api/x/y": {"post": post}}
        }))
        .unwrap()
    }

    #[test]
    fn operation_ids_come_from_the_method_and_path() {
        let mut doc = doc(json!({"operationId": "logout", "responses": {}}));
        super::name_operations(&mut doc);
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            value["paths"]["/api/x/y"]["post"]["operationId"],
            "post_api_x_y"
        );
    }
}
