//! The session's `Set-Cookie` headers on their way out, rewritten in one pass: tower-sessions'
//! removal cookie completed with every attribute (`cookie.rs`), then, while the CSRF lab's
//! policy says so (the CSRF lab's switch), `SameSite=None; Secure` (`samesite.rs`). One
//! middleware, one layer per request.

use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::sessions::Sessions;
use super::{cookie, samesite};
use crate::base::settings::SessionSettings;
use crate::guard::policy::{Policy, SameSite};

pub async fn rewrite(
    State((sessions, policy)): State<(Sessions, Policy)>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let name = sessions.cookie_name();
    let ours = |cookie: &HeaderValue| {
        cookie
            .as_bytes()
            .strip_prefix(name.as_bytes())
            .is_some_and(|rest| rest.starts_with(b"="))
    };
    let headers = response.headers_mut();
    if !headers.get_all(SET_COOKIE).iter().any(ours) {
        return response;
    }
    let samesite_none = policy.samesite() == SameSite::None;
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let cookie = if ours(&cookie) {
            rewritten(cookie, sessions.settings(), samesite_none)
        } else {
            cookie
        };
        headers.append(SET_COOKIE, cookie);
    }
    response
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
}
