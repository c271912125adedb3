//! The room's endpoints. Every page reports its place in the guides; the presenter (who holds
//! the key printed at start, kept in a cookie of its own) sees the room and turns "follow me" on.

use app::api::room::{At, AtAnswer};
use app::api::ErrorBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;

use super::page::{not_presenter, room_page};
use super::seats::Room;
use super::view::{place, RoomView};
use crate::api::error::ApiError;
use crate::api::form::ApiForm;
use crate::api::headers::cookie;
use crate::api::json::ApiJson;
use crate::api::query::ApiQuery;
use crate::kit::visit;

/// The presenter's cookie: the key itself (HttpOnly, this site only).
pub const PRESENTER_COOKIE: &str = "authlab_presenter";

fn presenter(room: &Room, headers: &HeaderMap) -> bool {
    cookie(headers, PRESENTER_COOKIE).is_some_and(|key| room.is_key(key))
}

fn forbidden() -> ApiError {
    ApiError::Forbidden(
        "the room is the presenter's: open the /room?key=… link the server printed at start".into(),
    )
}

/// `POST /api/room/at` `{"guide", "slide"}` or `null`: where this page is in the guides.
#[utoipa::path(post, path = "/at", tag = "room",
    summary = "Where this page is in the guides",
    request_body(content = Option<At>, example = json!({"guide": "logout", "slide": 2})),
    responses((status = 200, description = "Noted; the presenter also gets the room's summary line", body = AtAnswer)))]
pub async fn at(
    State(room): State<Room>,
    headers: HeaderMap,
    ApiJson(at): ApiJson<Option<At>>,
) -> Result<Json<AtAnswer>, ApiError> {
    if at.is_some_and(|at| place(at).is_none()) {
        return Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "no such guide or slide".into(),
        });
    }
    let is_presenter = presenter(&room, &headers);
    room.report(visit::current().as_ref(), at, is_presenter);
    Ok(Json(AtAnswer {
        summary: is_presenter.then(|| room.summary_line()),
    }))
}

/// `GET /api/room`: the room, for the presenter.
#[utoipa::path(get, path = "/", tag = "room",
    summary = "The room, for the presenter",
    security(("presenter_cookie" = [])),
    responses((status = 200, description = "The room: who is connected, where each is, what each saw", body = RoomView),
        (status = 403, description = "Not the presenter", body = ErrorBody)))]
pub async fn view(
    State(room): State<Room>,
    headers: HeaderMap,
) -> Result<Json<RoomView>, ApiError> {
    if !presenter(&room, &headers) {
        return Err(forbidden());
    }
    Ok(Json(room.view()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Key {
    key: Option<String>,
}

/// `GET /room`: with `?key=`, the presenter's cookie and a redirect to the room (so the key
/// leaves the address bar); with the cookie, the room; else a page saying whose it is.
#[utoipa::path(get, path = "/room", tag = "room",
    summary = "The room page (the presenter's link with the key)",
    params(Key),
    responses((status = 200, description = "The room page (the presenter's), or a page saying whose it is", content_type = "text/html"),
        (status = 303, description = "With the right `key`: the presenter cookie, and back to `/room` without the key",
            headers(("set-cookie" = String, description = "`authlab_presenter`, HttpOnly, SameSite=Strict"))),
        (status = 403, description = "A wrong key", content_type = "text/html")))]
pub async fn page(
    State(room): State<Room>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<Key>,
) -> Response {
    if let Some(key) = query.key {
        if !room.is_key(&key) {
            return (StatusCode::FORBIDDEN, Html(not_presenter())).into_response();
        }
        let cookie = format!("{PRESENTER_COOKIE}={key}; Path=/; HttpOnly; SameSite=Strict; Secure");
        let mut response = Redirect::to("/room").into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        return response;
    }
    if !presenter(&room, &headers) {
        return (StatusCode::FORBIDDEN, Html(not_presenter())).into_response();
    }
    Html(room_page(&room.view())).into_response()
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Follow {
    on: bool,
}

/// `POST /room/follow` (the room page's form): "follow me" on or off, then back to the room.
#[utoipa::path(post, path = "/room/follow", tag = "room",
    summary = "Follow me on or off",
    security(("presenter_cookie" = [])),
    request_body(content = Follow, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Follow me is set; back to the room"),
        (status = 403, description = "Not the presenter", body = ErrorBody)))]
pub async fn follow(
    State(room): State<Room>,
    headers: HeaderMap,
    ApiForm(follow): ApiForm<Follow>,
) -> Result<Redirect, ApiError> {
    if !presenter(&room, &headers) {
        return Err(forbidden());
    }
    room.set_following(follow.on);
    tracing::info!(on = follow.on, "room: follow me");
    Ok(Redirect::to("/room"))
}
