//! The request trace: every API request the server answered, with the checks it ran.

use serde::{Deserialize, Serialize};

use super::common::{Area, Carrier};

/// One check the server ran on a credential, in the order it ran them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Check {
    pub name: String,
    pub passed: bool,
    /// What was found: "HS256 valid under kid hs256-1a2b", "hit", "expires in 297 s".
    pub detail: String,
    /// How long the check took, in microseconds.
    pub micros: u64,
}

/// The credential a request carried: its kind, its size on the wire, and a short handle
/// (a hash prefix: enough to tell two apart, useless to replay).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CredentialSeen {
    /// "cookie", "bearer", "header" (`X-Session-Id`) or "none".
    pub kind: String,
    /// Where it travelled: a cookie, or a header the page added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Carrier>,
    pub bytes: usize,
    pub handle: Option<String>,
}

/// One request as the server saw and answered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraceEntry {
    pub id: u64,
    /// The server node that answered.
    pub node: String,
    /// Lab-clock time of the request, unix milliseconds.
    pub at_ms: i64,
    pub method: String,
    pub path: String,
    /// "session", "jwt", "lab" or "other", from the path.
    pub scheme: Area,
    /// "page" (a browser), "attacker" (the simulated thief) or "script" (curl and the like).
    pub actor: String,
    pub credential: CredentialSeen,
    pub checks: Vec<Check>,
    pub status: u16,
    /// Time from the request's arrival to its answer, in microseconds.
    pub micros: u64,
    /// A request the page makes to draw itself (store view, server view): hidden by default.
    pub view: bool,
}

/// The trace entry with this id on the node that answered (`None`: the page's node), if that
/// node still keeps it.
pub async fn entry(node: Option<&str>, id: u64) -> Option<TraceEntry> {
    let path = format!("/api/trace?after={}", id.saturating_sub(1));
    let url = match node {
        Some(node) => super::nodes::on_node(node, &path),
        None => path,
    };
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    let entries: Vec<TraceEntry> = response.json().await.ok()?;
    entries.into_iter().find(|entry| entry.id == id)
}

/// Listens to a node's `/api/trace/stream` (`None`: the page's node) and hands each new entry
/// to `on_entry`, for as long as the page lives; the stream, for its other events. Browser only.
pub fn follow(
    node: Option<&str>,
    on_entry: impl Fn(TraceEntry) + 'static,
) -> Option<web_sys::EventSource> {
    let path = "/api/trace/stream";
    let url = match node {
        Some(node) => super::nodes::on_node(node, path),
        None => path.to_owned(),
    };
    let source = web_sys::EventSource::new(&url).ok()?;
    on_event(&source, "trace", on_entry);
    Some(source)
}

/// Hands each `name` event's JSON data, read as `T`, to `on`, for as long as the page lives.
pub fn on_event<T: serde::de::DeserializeOwned>(
    source: &web_sys::EventSource,
    name: &str,
    on: impl Fn(T) + 'static,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(value) = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str(&text).ok())
            {
                on(value);
            }
        });
    let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    // Both live as long as the page: the browser keeps an open EventSource alive by itself.
    listener.forget();
}
