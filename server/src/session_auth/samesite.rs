//! The CSRF lab's `SameSite=None` switch: while it is on, the session cookie goes out as
//! `SameSite=None; Secure`, so a browser sends it with other sites' requests too. (Browsers
//! accept `Secure` cookies from `http://localhost` and `127.0.0.1`, which count as secure.)

use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

pub async fn lab_samesite(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !state.lab.switches.samesite_none() {
        return response;
    }
    let prefix = format!("{}=", state.sessions.cookie_name());
    let headers = response.headers_mut();
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if !cookies
        .iter()
        .any(|c| c.as_bytes().starts_with(prefix.as_bytes()))
    {
        return response;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let rewritten = match cookie.to_str() {
            Ok(text) if text.starts_with(&prefix) => {
                HeaderValue::from_str(&samesite_none(text)).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(SET_COOKIE, rewritten);
    }
    response
}

/// `SameSite=Lax` becomes `SameSite=None`, which browsers take only with `Secure`.
fn samesite_none(cookie: &str) -> String {
    let mut parts: Vec<&str> = cookie
        .split(';')
        .map(str::trim)
        .filter(|part| !part.to_ascii_lowercase().starts_with("samesite"))
        .collect();
    parts.push("SameSite=None");
    if !parts.iter().any(|part| part.eq_ignore_ascii_case("secure")) {
        parts.push("Secure");
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lax_becomes_none_and_secure_once() {
        let out = samesite_none("s=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=60");
        assert_eq!(
            out,
            "s=abc; HttpOnly; Path=/; Max-Age=60; SameSite=None; Secure"
        );
        let secure = samesite_none("s=abc; Secure; SameSite=Lax");
        assert_eq!(secure.matches("Secure").count(), 1);
    }
}
