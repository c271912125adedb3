//! `/api/session/*`: log in, who am I, log out, and the store as the server holds it.

use app::api::session::{
    Credentials, KillRequest, LoginAnswer, MeAnswer, StoreRow, StoreView, UserView,
};
use app::demo::Role;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use tower_sessions::session::Record;
use tower_sessions::{Session, SessionStore};

use super::cookie::{cookie_view, handle};
use super::extract::{MaybeSessionUser, SessionUser};
use super::record::{AuthSession, AUTH_KEY};
use crate::api::json::ApiJson;
use crate::error::ApiError;
use crate::login_limit::ClientAddr;
use crate::AppState;

fn session_info(
    state: &AppState,
    session: &Session,
    auth: &AuthSession,
) -> app::api::session::SessionInfo {
    let settings = &state.sessions;
    app::api::session::SessionInfo {
        handle: session.id().map(|id| handle(&id)).unwrap_or_default(),
        created_at: auth.created_at,
        last_seen_at: auth.last_seen_at,
        idle_expires_at: auth.idle_expires_at(settings),
        absolute_expires_at: auth.absolute_expires_at(settings),
        server_now: state.clock.now().unix_timestamp(),
    }
}

fn user_view(auth: &AuthSession) -> UserView {
    UserView {
        username: auth.username.clone(),
        role: auth.role,
    }
}

#[tracing::instrument(skip_all, fields(username = %credentials.username))]
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<Json<LoginAnswer>, ApiError> {
    let user = crate::login::authenticate(&state, addr, &credentials).await?;
    // A new id at every login: an id planted before login (fixation) is worthless after it.
    session.cycle_id().await?;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|ua| ua.to_str().ok())
        .map(|ua| ua.chars().take(200).collect());
    let auth = AuthSession::new(
        user.id,
        user.username,
        user.role,
        state.clock.now(),
        user_agent,
    );
    session.insert(AUTH_KEY, &auth).await?;
    // Saving now gives the new id, so the answer can name its handle.
    session.save().await?;
    tracing::info!(role = auth.role.as_str(), "session login");
    Ok(Json(LoginAnswer {
        user: user_view(&auth),
        session: session_info(&state, &session, &auth),
        cookie: cookie_view(&state.sessions, state.lab.switches.samesite_none()),
    }))
}

pub async fn me(State(state): State<AppState>, user: SessionUser) -> Json<MeAnswer> {
    Json(MeAnswer {
        user: user_view(&user.auth),
        session: session_info(&state, &user.session, &user.auth),
        cookie: cookie_view(&state.sessions, state.lab.switches.samesite_none()),
    })
}

/// Deletes the server's record (the cookie is dead at once) and sends a removal cookie.
pub async fn logout(session: Session) -> Result<Json<Value>, ApiError> {
    let had_session = session.get::<AuthSession>(AUTH_KEY).await?.is_some();
    session.flush().await?;
    Ok(Json(json!({ "logged_out": had_session })))
}

/// The store's rows: a user sees their own sessions, an admin sees everyone's, an anonymous
/// visitor none (but learns which store the server runs).
pub async fn store(
    State(state): State<AppState>,
    MaybeSessionUser(user): MaybeSessionUser,
) -> Result<Json<StoreView>, ApiError> {
    let kind = state.session_store.kind().to_string();
    let Some(user) = user else {
        return Ok(Json(StoreView {
            store: kind,
            rows: Vec::new(),
        }));
    };
    let current = user.session.id();
    let mut rows: Vec<StoreRow> = logins(&state)
        .await?
        .into_iter()
        .filter_map(|(record, auth)| {
            let visible = user.auth.role == Role::Admin || auth.user_id == user.auth.user_id;
            visible.then(|| StoreRow {
                handle: handle(&record.id),
                username: auth.username.clone(),
                role: auth.role,
                created_at: auth.created_at,
                last_seen_at: auth.last_seen_at,
                expires_at: auth.expires_at(&state.sessions),
                user_agent: auth.user_agent.clone(),
                this_one: Some(record.id) == current,
                data: json!(record.data),
            })
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.created_at));
    Ok(Json(StoreView { store: kind, rows }))
}

/// The store's records with the login each carries.
async fn logins(state: &AppState) -> Result<Vec<(Record, AuthSession)>, ApiError> {
    let records = state.session_store.records().await?;
    Ok(records
        .into_iter()
        .filter_map(|record| {
            let auth = serde_json::from_value(record.data.get(AUTH_KEY)?.clone()).ok()?;
            Some((record, auth))
        })
        .collect())
}

/// Ends one session by handle. Someone else's session is "not found" unless I am an admin,
/// so a user cannot even learn that another session exists.
pub async fn kill(
    State(state): State<AppState>,
    user: SessionUser,
    ApiJson(request): ApiJson<KillRequest>,
) -> Result<Json<Value>, ApiError> {
    let target = logins(&state).await?.into_iter().find(|(record, auth)| {
        handle(&record.id) == request.handle
            && (user.auth.role == Role::Admin || auth.user_id == user.auth.user_id)
    });
    let Some((record, auth)) = target else {
        return Err(ApiError::Rejected {
            status: StatusCode::NOT_FOUND,
            message: "no session of yours has that handle".to_owned(),
        });
    };
    if Some(record.id) == user.session.id() {
        user.session.flush().await?;
    } else {
        state.session_store.delete(&record.id).await?;
    }
    tracing::info!(by = %user.auth.username, of = %auth.username, "session ended by handle");
    Ok(Json(json!({ "ended": request.handle })))
}

/// Ends every session of mine, this one included.
pub async fn logout_all(
    State(state): State<AppState>,
    user: SessionUser,
) -> Result<Json<Value>, ApiError> {
    let current = user.session.id();
    let mut ended = 0;
    for (record, auth) in logins(&state).await? {
        if auth.user_id == user.auth.user_id && Some(record.id) != current {
            state.session_store.delete(&record.id).await?;
            ended += 1;
        }
    }
    user.session.flush().await?;
    Ok(Json(json!({ "ended": ended + 1 })))
}
