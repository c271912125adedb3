//! `/api/session/*`: log in, who am I, log out, and the store as the server holds it.

use app::api::session::{
    Credentials, KillAnswer, KillRequest, LoginAnswer, LogoutAllAnswer, LogoutAnswer, MeAnswer,
    SessionInfo, StoreRow, StoreView, UserView,
};
use app::api::{Carrier, ErrorBody};
use app::demo::Role;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use time::OffsetDateTime;
use tower_sessions::{Session, SessionStore};

use super::cookie::{cookie_view, handle};
use super::extract::{MaybeSessionUser, SessionUser};
use super::record::{AuthSession, AUTH_KEY};
use super::sessions::Sessions;
use super::sweep::logins;
use crate::accounts::login::Accounts;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::clock::LabClock;

fn session_info(
    sessions: &Sessions,
    session: &Session,
    auth: &AuthSession,
    now: OffsetDateTime,
) -> SessionInfo {
    let settings = sessions.settings();
    SessionInfo {
        handle: session.id().map(|id| handle(&id)).unwrap_or_default(),
        created_at: auth.created_at,
        last_seen_at: auth.last_seen_at,
        idle_expires_at: auth.idle_expires_at(settings),
        absolute_expires_at: auth.absolute_expires_at(settings),
        server_now: now.unix_timestamp(),
    }
}

fn user_view(auth: &AuthSession) -> UserView {
    UserView {
        username: auth.username.clone(),
        role: auth.role,
    }
}

#[tracing::instrument(skip_all, fields(username = %credentials.username))]
#[utoipa::path(post, path = "/login", tag = "session",
    summary = "Log in: a new server-side session",
    request_body(content = Credentials, example = json!({"username": "alice", "password": "wonderland", "carrier": "cookie"})),
    responses(
        (status = 200, description = "Logged in: a new session (the id is cycled). With the cookie carrier the id is in `Set-Cookie: authlab_session=…; HttpOnly; SameSite=Lax; Path=/`; with `\"carrier\": \"header\"` no cookie is set and `session_id` is the signed id to send as `X-Session-Id`.", body = LoginAnswer,
            headers(("set-cookie" = String, description = "`authlab_session` (`__Host-authlab_session` over https): the signed session id, HttpOnly"))),
        (status = 401, description = "`invalid credentials`: one answer for an unknown user and a wrong password", body = ErrorBody),
        (status = 429, description = "Too many failed logins from this client", body = ErrorBody, headers(("retry-after" = u32, description = "Seconds to wait"))),
    ))]
pub async fn login(
    State(sessions): State<Sessions>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    session: Session,
    client: Client,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<(Extension<Carrier>, Json<LoginAnswer>), ApiError> {
    let carrier = credentials.carrier.unwrap_or(Carrier::Cookie);
    let now = clock.now();
    let user = accounts
        .authenticate(now.unix_timestamp(), client.addr, &credentials)
        .await?;
    // A new id at every login: an id planted before login (fixation) is worthless after it.
    session.cycle_id().await?;
    let auth = AuthSession::new(user.id, user.username, user.role, now, client.user_agent);
    session.insert(AUTH_KEY, &auth).await?;
    // Saving now gives the new id, so the answer can name its handle.
    session.save().await?;
    tracing::info!(
        role = auth.role.as_str(),
        carrier = carrier.as_str(),
        "session login"
    );
    // With the header carrier the page gets the signed id itself, and no cookie leaves.
    let session_id = match carrier {
        Carrier::Header => session.id().map(|id| sessions.signed_id(id)),
        Carrier::Cookie => None,
    };
    let answer = LoginAnswer {
        user: user_view(&auth),
        session: session_info(&sessions, &session, &auth, clock.now()),
        cookie: cookie_view(sessions.settings(), policy.samesite()),
        carrier,
        session_id,
    };
    Ok((Extension(carrier), Json(answer)))
}

#[utoipa::path(get, path = "/me", tag = "session",
    summary = "Who am I, by the session record",
    security(("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "Who this session is, and when it ends", body = MeAnswer)))]
pub async fn me(
    State(sessions): State<Sessions>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    carrier: Option<Extension<Carrier>>,
    user: SessionUser,
) -> Json<MeAnswer> {
    Json(MeAnswer {
        user: user_view(&user.auth),
        session: session_info(&sessions, &user.session, &user.auth, clock.now()),
        cookie: cookie_view(sessions.settings(), policy.samesite()),
        carrier: carrier.map_or(Carrier::Cookie, |Extension(carrier)| carrier),
    })
}

/// Deletes the server's record (the cookie is dead at once) and sends a removal cookie.
#[utoipa::path(post, path = "/logout", tag = "session",
    summary = "Log out: delete the server's record (the cookie dies at once)",
    security((), ("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "The record is deleted; a removal cookie is sent", body = LogoutAnswer,
        headers(("set-cookie" = String, description = "`authlab_session=; Max-Age=0`")))))]
pub async fn logout(session: Session) -> Result<Json<LogoutAnswer>, ApiError> {
    let had_session = session.get::<AuthSession>(AUTH_KEY).await?.is_some();
    session.flush().await?;
    Ok(Json(LogoutAnswer {
        logged_out: had_session,
    }))
}

/// The store's rows: a user sees their own sessions, an admin sees everyone's, an anonymous
/// visitor none (but learns which store the server runs).
#[utoipa::path(get, path = "/store", tag = "session",
    summary = "The session store's rows I may see",
    security((), ("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "The store rows this caller may see", body = StoreView)))]
pub async fn store(
    State(sessions): State<Sessions>,
    MaybeSessionUser(user): MaybeSessionUser,
) -> Result<Json<StoreView>, ApiError> {
    let kind = sessions.store().kind().to_string();
    let Some(user) = user else {
        return Ok(Json(StoreView {
            store: kind,
            rows: Vec::new(),
        }));
    };
    let current = user.session.id();
    let mut rows: Vec<StoreRow> = logins(&sessions)
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
                expires_at: auth.expires_at(sessions.settings()),
                user_agent: auth.user_agent.clone(),
                this_one: Some(record.id) == current,
                data: serde_json::to_value(&record.data).unwrap_or_default(),
            })
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.created_at));
    Ok(Json(StoreView { store: kind, rows }))
}

/// Ends one session by handle. Someone else's session is "not found" unless I am an admin,
/// so a user cannot even learn that another session exists.
#[utoipa::path(post, path = "/kill", tag = "session",
    summary = "End one of my sessions by its handle",
    security(("session_cookie" = []), ("session_header" = [])),
    request_body = KillRequest,
    responses((status = 200, description = "That session ended", body = KillAnswer),
        (status = 404, description = "No session of yours has that handle", body = ErrorBody)))]
pub async fn kill(
    State(sessions): State<Sessions>,
    user: SessionUser,
    ApiJson(request): ApiJson<KillRequest>,
) -> Result<Json<KillAnswer>, ApiError> {
    let target = logins(&sessions).await?.into_iter().find(|(record, auth)| {
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
        sessions.store().delete(&record.id).await?;
    }
    tracing::info!(by = %user.auth.username, of = %auth.username, "session ended by handle");
    Ok(Json(KillAnswer {
        ended: request.handle,
    }))
}

/// Ends every session of mine, this one included.
#[utoipa::path(post, path = "/logout-all", tag = "session",
    summary = "End every session of mine",
    security(("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "Every session of this user ended", body = LogoutAllAnswer)))]
pub async fn logout_all(
    State(sessions): State<Sessions>,
    user: SessionUser,
) -> Result<Json<LogoutAllAnswer>, ApiError> {
    let current = user.session.id();
    let mut ended = 0;
    for (record, auth) in logins(&sessions).await? {
        if auth.user_id == user.auth.user_id && Some(record.id) != current {
            sessions.store().delete(&record.id).await?;
            ended += 1;
        }
    }
    user.session.flush().await?;
    Ok(Json(LogoutAllAnswer { ended: ended + 1 }))
}
