//! What the orders lab says, as HTML: orders' verdict with its checks (and authlab's, when
//! orders asked it), and what the BFF keeps.

use serde_json::Value;

use super::super::escape;

/// A list of checks, in the same markup as the trace's (`ChecksView`), so they look alike.
fn checks(list: &Value) -> String {
    let mut out = String::from("<ol class=\"checks\">");
    for check in list.as_array().into_iter().flatten() {
        let (class, mark) = if check["passed"].as_bool() == Some(true) {
            ("accepted", "✓")
        } else {
            ("refused", "✗")
        };
        out.push_str(&format!(
            "<li class=\"check {class}\"><span class=\"mark\">{mark}</span><strong>{}</strong><span class=\"micros\">{} µs</span><span class=\"detail\">{}</span></li>",
            escape(check["name"].as_str().unwrap_or_default()),
            check["micros"],
            escape(check["detail"].as_str().unwrap_or_default())
        ));
    }
    out + "</ol>"
}

/// orders' answer as the page shows it: the verdict, each check, authlab's checks when orders
/// asked it, the key copy.
pub fn orders(status: u16, json: &Value) -> String {
    let text = |key: &str| escape(json[key].as_str().unwrap_or_default());
    let mut out = match status {
        200 => format!(
            "<p><strong>200</strong>: {} orders of {}; calls to authlab for this request: {}</p>",
            json["orders"].as_array().map_or(0, Vec::len),
            text("user"),
            json["calls_to_authlab"]
        ),
        0 => "<p>orders did not answer.</p>".to_owned(),
        _ => format!(
            "<p><strong>{status} {}</strong>: {}</p>",
            text("reason"),
            text("error")
        ),
    };
    out.push_str(&checks(&json["checks"]));
    if json["authlab_checks"].is_array() {
        out.push_str("<p>…and at authlab, for orders' question:</p>");
        out.push_str(&checks(&json["authlab_checks"]));
    }
    let keys = &json["keys"];
    out.push_str(&format!(
        "<p>orders' copy of authlab's keys: {} · fetched {} time(s) · {} refetch(es) refused (at most one per {} s)</p>",
        keys["kids"]
            .as_array()
            .map(|kids| kids.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
            .filter(|kids| !kids.is_empty())
            .unwrap_or_else(|| "none".into()),
        keys["fetches"],
        keys["refused_refetches"],
        keys["min_refetch_seconds"]
    ));
    out
}

/// What the BFF keeps for this session: handles only.
pub fn kept(json: &Value) -> String {
    let kept = &json["kept"];
    let text = |key: &str| escape(kept[key].as_str().unwrap_or_default());
    format!(
        "<p>authlab keeps, in session record <code>{}</code>: refresh family <code>{}</code>, access token <code>{}</code> (expires in {} s), refresh token <code>{}</code>; refreshed {} time(s) without the page. The page holds no token.</p>",
        text("session"),
        text("family"),
        text("access_jti"),
        kept["access_expires_in"],
        text("refresh_jti"),
        kept["refreshes"]
    )
}
