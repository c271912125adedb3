//! The session id on its way in and out, in one middleware around the session layer.
//!
//! In: the id arrives in the cookie (the classic carrier) or in `X-Session-Id` (the header
//! carrier: the page keeps the id and adds it). Both at once is ambiguous and refused (400).
//! A header-carried id is handed to tower-sessions as the cookie it would have been, so one
//! signature check and one store serve both carriers.
//!
//! Out: with the header carrier no cookie leaves (the page holds the id, not the browser's
//! cookie jar). With the cookie carrier, tower-sessions' removal cookie is completed with every
//! attribute (`cookie.rs`), then, while the policy says so (the CSRF lab's switch),
//! `SameSite=None; Secure` (`samesite.rs`). A live session's cookie goes out again on every
//! answer even when its record was not written (tower-sessions sets it only with a write, and
//! "last seen" is written in steps): so the browser's copy keeps its Max-Age from the last use,
//! and the switch's SameSite reaches it at the next who-am-I.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::api::session::SESSION_ID_HEADER;
use app::api::Carrier;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::sessions::Sessions;
use super::{cookie, samesite};
use crate::api::error::ApiError;
use crate::api::headers;
use crate::base::settings::SessionSettings;
use crate::guard::policy::{Policy, SameSite};

/// Put in a cookie-carried request for the session extractor to mark when the session turned
/// out live: only then does the cookie go out again.
#[derive(Clone, Default)]
pub(super) struct Live(Arc<AtomicBool>);

impl Live {
    pub(super) fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn is_marked(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

pub async fn carry(
    State((sessions, policy)): State<(Sessions, Policy)>,
    mut request: Request,
    next: Next,
) -> Response {
    let name = sessions.cookie_name();
    let cookie_value = headers::cookie(request.headers(), name).map(str::to_owned);
    let in_cookie = cookie_value.is_some();
    let in_header = request.headers().get(SESSION_ID_HEADER).cloned();
    let carrier = match (in_cookie, in_header) {
        (true, Some(_)) => return ambiguous(),
        (false, Some(id)) => {
            if let Some(cookie) = as_cookie(name, &id) {
                request.headers_mut().append(COOKIE, cookie);
            }
            Some(Carrier::Header)
        }
        (true, None) => Some(Carrier::Cookie),
        (false, None) => None,
    };
    if let Some(carrier) = carrier {
        request.extensions_mut().insert(carrier);
    }
    let live = (carrier == Some(Carrier::Cookie)).then(Live::default);
    if let Some(live) = &live {
        request.extensions_mut().insert(live.clone());
    }
    let mut response = next.run(request).await;
    // A login names the carrier it chose in its answer's extensions; it wins over the request's.
    let chosen = response.extensions().get::<Carrier>().copied();
    let header_carried = chosen.or(carrier) == Some(Carrier::Header);
    let ours = |cookie: &HeaderValue| {
        cookie
            .as_bytes()
            .strip_prefix(name.as_bytes())
            .is_some_and(|rest| rest.starts_with(b"="))
    };
    let headers = response.headers_mut();
    if header_carried && in_cookie {
        // Moving to the header carrier: the old cookie must go, or every request would carry
        // the id both ways.
        headers.append(SET_COOKIE, cookie::removal_cookie(sessions.settings()));
    }
    if !headers.get_all(SET_COOKIE).iter().any(ours) {
        let again = live
            .filter(|live| live.is_marked() && !header_carried)
            .zip(cookie_value)
            .and_then(|(_, value)| cookie::live_cookie(sessions.settings(), &value));
        let Some(again) = again else {
            return response;
        };
        headers.append(SET_COOKIE, again);
    }
    let samesite_none = policy.samesite() == SameSite::None;
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        if !ours(&cookie) {
            headers.append(SET_COOKIE, cookie);
        } else if !header_carried || cookie::is_removal(&cookie) {
            headers.append(
                SET_COOKIE,
                rewritten(cookie, sessions.settings(), samesite_none),
            );
        }
    }
    response
}

fn ambiguous() -> Response {
    ApiError::Rejected {
        status: StatusCode::BAD_REQUEST,
        message:
            "ambiguous: the session id came both in the cookie and in X-Session-Id; send it one way"
                .to_owned(),
    }
    .into_response()
}

/// `name=<id>` for tower-sessions to read, if the header's value can be a cookie value at all
/// (visible ASCII without `;`, `,`, quotes, backslashes or spaces). Anything else is no session.
fn as_cookie(name: &str, id: &HeaderValue) -> Option<HeaderValue> {
    let fits = |b: &u8| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'"' | b'\\');
    let id = id.as_bytes();
    if id.is_empty() || id.len() > 512 || !id.iter().all(fits) {
        return None;
    }
    let mut cookie = Vec::with_capacity(name.len() + 1 + id.len());
    cookie.extend_from_slice(name.as_bytes());
    cookie.push(b'=');
    cookie.extend_from_slice(id);
    HeaderValue::from_bytes(&cookie).ok()
}

/// One of the session's cookies as it should leave.
fn rewritten(cookie: HeaderValue, settings: &SessionSettings, samesite_none: bool) -> HeaderValue {
    let cookie = if cookie::is_removal(&cookie) {
        cookie::removal_cookie(settings)
    } else {
        cookie
    };
    if !samesite_none {
        return cookie;
    }
    match cookie.to_str() {
        Ok(text) => HeaderValue::from_str(&samesite::samesite_none(text)).unwrap_or(cookie),
        Err(_) => cookie,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_becomes_complete_and_the_switch_adds_samesite_none() {
        let settings = SessionSettings {
            secure_cookie: true,
            ..SessionSettings::default()
        };
        let bare = HeaderValue::from_static("__Host-authlab_session=; Max-Age=0; Path=/");
        let plain = rewritten(bare.clone(), &settings, false);
        let text = plain.to_str().unwrap();
        assert!(text.contains("; Secure") && text.contains("SameSite=Lax"));
        let lab = rewritten(bare, &settings, true);
        let text = lab.to_str().unwrap();
        assert!(text.contains("SameSite=None") && !text.contains("SameSite=Lax"));
        assert_eq!(text.matches("Secure").count(), 1);
    }

    #[test]
    fn a_live_cookie_is_left_alone_unless_the_switch_is_on() {
        let settings = SessionSettings::default();
        let live = HeaderValue::from_static("authlab_session=abc; HttpOnly; SameSite=Lax; Path=/");
        assert_eq!(rewritten(live.clone(), &settings, false), live);
        let lab = rewritten(live, &settings, true);
        assert!(lab.to_str().unwrap().ends_with("SameSite=None; Secure"));
    }

    #[test]
    fn only_a_plain_value_becomes_the_cookie() {
        let name = "authlab_session";
        let ok = as_cookie(name, &HeaderValue::from_static("abc+/=123")).unwrap();
        assert_eq!(ok, "authlab_session=abc+/=123");
        for bad in ["", "a; authlab_probe=x", "a b", "a,b", "\"a\""] {
            assert!(
                as_cookie(name, &HeaderValue::from_static(bad)).is_none(),
                "{bad:?}"
            );
        }
    }
}
