//! The pages the authorization server shows on authlab's own origin: the consent page, "log in
//! first", and an error that must not be redirected (an unknown client or redirect URI).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::client::{CLIENT_NAME, SCOPES};
use crate::kit::html::escape;

/// Where this server's pages may send a form (and its redirect): itself, and the partner's
/// loopback origins.
const FORM_ACTION: &str = "'self' http://127.0.0.1:* http://localhost:*";

/// A page of the authorization server: never cached, never framed (clickjacking a consent).
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    page_sending_to(status, title, body, "")
}

/// A page whose form's redirect may also go to `also` (the client's checked redirect origin).
fn page_sending_to(status: StatusCode, title: &str, body: &str, also: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — authlab</title><style>{STYLE}</style></head>\
         <body><main><p class=\"brand\">authlab · authorization</p><h1>{title}</h1>{body}</main></body></html>"
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action {FORM_ACTION} {also}; frame-ancestors 'none'"
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

const STYLE: &str = "body{font:17px/1.5 system-ui,sans-serif;margin:0;background:#f4f6fb;color:#1b1f2a}\
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.8rem;box-shadow:0 2px 10px #0002}\
.brand{color:#2456c9;font-weight:600;margin:0}h1{font-size:1.4rem}label{display:block;margin:.5rem 0}\
code{background:#eef;padding:0 .25em;border-radius:.2em}button{font:inherit;padding:.5rem 1rem;margin:.5rem .5rem 0 0;border-radius:.4rem;border:1px solid #2456c9;background:#2456c9;color:#fff}\
button.deny{background:#fff;color:#2456c9}.note{color:#555;font-size:.9rem}";

/// The consent page: what the app asks for, each scope a checkbox, allow or deny; `fields` are
/// the request's, carried through the form.
pub fn consent(username: &str, fields: &[(&str, &str)], scopes: &[&str]) -> Response {
    let boxes: String = SCOPES
        .iter()
        .filter(|(scope, _)| scopes.contains(scope))
        .map(|(scope, what)| {
            format!(
                "<label><input type=\"checkbox\" name=\"{}\" value=\"on\" checked> <code>{scope}</code> — {what}</label>",
                scope.replace(':', "_")
            )
        })
        .collect();
    let hidden: String = fields
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            )
        })
        .collect();
    let body = format!(
        "<p><b>{CLIENT_NAME}</b> asks to act as <b>{}</b> on authlab, with only these rights. \
         Uncheck what you do not want to give.</p>\
         <form method=\"post\" action=\"/api/oauth/authorize\">{hidden}{boxes}\
         <button type=\"submit\" name=\"decision\" value=\"allow\" data-testid=\"consent-allow\">Allow the checked ones</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" class=\"deny\">Deny</button></form>\
         <p class=\"note\">You are on authlab's own origin, logged in by its session cookie; the app never sees \
         your password or your session. It gets a one-time code, and swaps it — with the PKCE \
         verifier only it knows — for a token limited to what you allow. You can revoke it under \
         Labs → Partner app.</p>",
        escape(username)
    );
    // The redirect URI was matched exactly against the registered ones: its origin is safe here.
    let redirect = fields
        .iter()
        .find(|(name, _)| *name == "redirect_uri")
        .map_or("", |(_, uri)| *uri);
    let origin = redirect
        .strip_suffix("/callback")
        .filter(|origin| origin.starts_with("https://") && !origin.contains([' ', ';', ',']))
        .unwrap_or("");
    page_sending_to(StatusCode::OK, "Allow access?", &body, origin)
}

/// Not logged in at the authorization server: its own session is what consent rests on.
pub fn log_in_first() -> Response {
    let body = "<p>The partner app sent you here to ask for access. To answer, authlab must know \
        who you are: log in on the <a href=\"/\">authlab page</a> in the <b>Cookie session</b> \
        column (its cookie is this server's own login), then press the partner app's button again.</p>";
    page(StatusCode::UNAUTHORIZED, "Log in to authlab first", body)
}

/// A request that cannot be answered by a redirect: the redirect URI itself is not trusted.
pub fn refused(reason: &str) -> Response {
    let body = format!(
        "<p>{}</p><p class=\"note\">authlab redirects only to a URI the app registered, matched \
         exactly — otherwise an attacker could have the code sent to them.</p>",
        escape(reason)
    );
    page(
        StatusCode::BAD_REQUEST,
        "This request cannot be answered",
        &body,
    )
}
