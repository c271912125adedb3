//! `SessionUser`: the extractor that turns a request's session into a logged-in user, enforcing
//! the idle and absolute timeouts on the lab clock, and marking the session used.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

use super::record::{AuthSession, AUTH_KEY};
use crate::clock::LabClock;
use crate::error::ApiError;
use crate::settings::SessionSettings;

pub struct SessionUser {
    pub session: Session,
    pub auth: AuthSession,
}

impl<S> FromRequestParts<S> for SessionUser
where
    S: Send + Sync,
    LabClock: FromRef<S>,
    SessionSettings: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("no session"))?;
        let auth: AuthSession = session
            .get(AUTH_KEY)
            .await?
            .ok_or_else(|| ApiError::unauthorized("no live session: log in first"))?;
        let settings = SessionSettings::from_ref(state);
        let now = LabClock::from_ref(state).now();
        if let Err(ended) = auth.check(&settings, now) {
            session.flush().await?;
            return Err(ApiError::unauthorized(ended.reason()));
        }
        let mut auth = auth;
        auth.touch(now);
        session.insert(AUTH_KEY, &auth).await?;
        Ok(SessionUser { session, auth })
    }
}
