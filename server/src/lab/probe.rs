//! The storage lab's probes: an HttpOnly probe cookie holding a nonce (a marker, never a
//! credential), a same-origin page a new tab opens, and a report endpoint that records what a
//! request brought along — so the page measures each cell of its matrix instead of asserting it.
//!
//! The report also names the credential cookies that came along (never their values), which
//! is how the carrier grid measures whether another site's request carries a credential.
//!
//! `GET /api/lab/probe/report` records a measurement, which is lab bookkeeping like the trace,
//! not a state change of anyone's account: it must stay a GET, or the cross-origin check would
//! refuse the very cross-site request it exists to observe.

use app::api::lab::{ProbePlant, ProbeReport, ProbeView};
use app::api::session::SESSION_ID_HEADER;
use app::api::ErrorBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::probes::From;
use super::state::Lab;
use crate::api::error::ApiError;
use crate::api::headers;
use crate::api::json::ApiJson;
use crate::api::query::ApiQuery;
use crate::guard::policy::{Policy, SameSite};
use crate::jwt_auth::cookies::access_name;
use crate::jwt_auth::Jwt;
use crate::session_auth::Sessions;

pub const COOKIE: &str = "authlab_probe";

#[derive(Debug, Deserialize)]
pub struct NonceQuery {
    nonce: String,
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    nonce: String,
    from: From,
    local: Option<bool>,
    session: Option<bool>,
}

/// 16 to 64 letters and digits: a marker, checked so it can go in a cookie and a URL as is.
fn valid(nonce: &str) -> Result<&str, ApiError> {
    if (16..=64).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(nonce)
    } else {
        Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "a probe nonce is 16 to 64 letters and digits".to_owned(),
        })
    }
}

fn carried(headers: &HeaderMap, nonce: &str) -> bool {
    headers::cookies(headers, COOKIE).any(|value| value == nonce)
}

/// `POST /api/lab/probe`: the probe cookie, with the session cookie's own attributes.
#[utoipa::path(post, path = "/probe", tag = "lab",
    summary = "Plant the storage probe's cookie",
    request_body = ProbePlant,
    responses((status = 200, description = "The probe cookie is set, with the session cookie's own attributes", body = ProbePlant,
        headers(("set-cookie" = String, description = "`authlab_probe=<nonce>`")))))]
pub async fn plant(
    State(sessions): State<Sessions>,
    State(policy): State<Policy>,
    ApiJson(plant): ApiJson<ProbePlant>,
) -> Result<Response, ApiError> {
    let nonce = valid(&plant.nonce)?;
    let samesite_none = policy.samesite() == SameSite::None;
    let samesite = if samesite_none {
        "SameSite=None; Secure"
    } else {
        "SameSite=Lax"
    };
    let secure = if sessions.settings().secure_cookie && !samesite_none {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{COOKIE}={nonce}; HttpOnly; Path=/; Max-Age=3600; {samesite}{secure}");
    let mut response = Json(ProbePlant {
        nonce: nonce.to_owned(),
    })
    .into_response();
    let value = HeaderValue::from_str(&cookie).map_err(ApiError::internal)?;
    response.headers_mut().insert(header::SET_COOKIE, value);
    Ok(response)
}

/// `GET /api/lab/probe?nonce=…`.
#[utoipa::path(get, path = "/probe", tag = "lab",
    summary = "What the storage probe's requests brought",
    params(("nonce" = String, Query, description = "The probe's marker: 16 to 64 letters and digits")),
    responses((status = 200, description = "What each probe request brought", body = ProbeView),
        (status = 400, description = "A malformed nonce", body = ErrorBody)))]
pub async fn view(
    State(lab): State<Lab>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<NonceQuery>,
) -> Result<Json<ProbeView>, ApiError> {
    let nonce = valid(&query.nonce)?;
    let reports = lab.probes().get(nonce);
    Ok(Json(ProbeView {
        cookie: carried(&headers, nonce),
        tab: reports.tab,
        cross_site: reports.cross_site,
    }))
}

/// `GET /api/lab/probe/report?nonce=…&from=tab|cross-site[&local=…&session=…]`.
#[utoipa::path(get, path = "/probe/report", tag = "lab",
    summary = "A probe request reports what it carried",
    params(("nonce" = String, Query, description = "The probe's marker"),
        ("from" = String, Query, description = "`tab` or `cross-site`"),
        ("local" = Option<bool>, Query, description = "The new tab found the nonce in localStorage"),
        ("session" = Option<bool>, Query, description = "… in sessionStorage")),
    responses((status = 204, description = "Recorded"),
        (status = 400, description = "A malformed nonce or origin", body = ErrorBody)))]
pub async fn report(
    State(lab): State<Lab>,
    State(sessions): State<Sessions>,
    State(jwt): State<Jwt>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<StatusCode, ApiError> {
    let nonce = valid(&query.nonce)?;
    let report = ProbeReport {
        cookie: carried(&headers, nonce),
        authorization: headers.contains_key(header::AUTHORIZATION),
        session_cookie: headers::cookie(&headers, sessions.cookie_name()).is_some(),
        jwt_cookie: headers::cookie(&headers, access_name(jwt.settings())).is_some(),
        session_header: headers.contains_key(SESSION_ID_HEADER),
        local: query.local,
        session: query.session,
        site: headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("not sent")
            .chars()
            .take(20)
            .collect(),
    };
    lab.probes().record(nonce, query.from, report);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/lab/probe/tab?nonce=…`: the page a new tab opens. It looks for the nonce in its
/// own storage, reports (the browser adds the probe cookie if it will) and closes.
#[utoipa::path(get, path = "/probe/tab", tag = "lab",
    summary = "The probe's new tab: looks in its own storage and reports",
    params(("nonce" = String, Query, description = "The probe's marker")),
    responses((status = 200, description = "A small page that looks in its own storage, reports and closes", content_type = "text/html")))]
pub async fn tab() -> Response {
    let mut response = Html(TAB_PAGE).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const TAB_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>authlab probe tab</title></head>
<body><p>authlab's storage lab: this new tab looks for the probe and reports back. It closes by itself.</p>
<script>
const nonce = new URLSearchParams(location.search).get("nonce") || "";
const found = (store) => { try { return store.getItem("authlab.probe") === nonce; } catch (e) { return false; } };
const query = new URLSearchParams({ nonce, from: "tab",
  local: String(found(localStorage)), session: String(found(sessionStorage)) });
fetch("/api/lab/probe/report?" + query, { credentials: "same-origin" })
  .finally(() => setTimeout(() => window.close(), 300));
</script></body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_plain_markers() {
        assert!(valid("abcdefghijklmnop").is_ok());
        assert!(valid("short").is_err());
        assert!(valid("abcdefghijklmnop;x=1").is_err());
        assert!(valid(&"a".repeat(65)).is_err());
    }

    #[test]
    fn the_cookie_must_hold_the_very_nonce() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "authlab_session=x; authlab_probe=abcdefghijklmnop"
                .parse()
                .unwrap(),
        );
        assert!(carried(&headers, "abcdefghijklmnop"));
        assert!(!carried(&headers, "abcdefghijklmnoq"));
    }
}
