//! Plain `fetch` from the page, kept as an exchange (what was sent, what came back) so the page
//! can show the request and its answer. Browser only.

use std::marker::PhantomData;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::nodes::url_for;
use super::session::SESSION_ID_HEADER;

/// One request and its answer, as the page shows them. The answer is read as a `T` only when
/// the page asks for it ([`Exchange::value`]): an answer the page only shows costs no
/// deserializer in the wasm (six of them were 2.9 KB brotli).
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange<T> {
    pub method: &'static str,
    pub path: &'static str,
    /// The HTTP status, or 0 when no answer came.
    pub status: u16,
    /// The answer's body as text (JSON, pretty-printed when it parses).
    pub body: String,
    /// The server's trace entry for this request (`x-authlab-trace-id`).
    pub trace_id: Option<u64>,
    /// The node that answered (`x-authlab-node`).
    pub node: Option<String>,
    answer: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Exchange<T> {
    /// The answer as a `T`, when the status was 2xx and the body fits.
    pub fn value(&self) -> Option<T> {
        if self.ok() {
            serde_json::from_str(&self.body).ok()
        } else {
            None
        }
    }
}

impl<T> Exchange<T> {
    /// The same exchange, to be read as another type.
    pub fn typed<U>(self) -> Exchange<U> {
        Exchange {
            method: self.method,
            path: self.path,
            status: self.status,
            body: self.body,
            trace_id: self.trace_id,
            node: self.node,
            answer: PhantomData,
        }
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The `error` the server gave, or a description of what went wrong.
    pub fn error(&self) -> String {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|json| {
                json.get("error")
                    .and_then(|e| e.as_str())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| format!("HTTP {}: {}", self.status, self.body))
    }
}

/// The credential the page's script adds to a request. A cookie needs nothing: the browser
/// attaches it by itself (`Browser`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cred<'a> {
    Browser,
    /// `Authorization: Bearer <token>`.
    Bearer(&'a str),
    /// `X-Session-Id: <id>`.
    SessionId(&'a str),
    /// The browser's cookies, to another origin too (`credentials: 'include'`): cookies ignore
    /// ports, so authlab's session cookie goes to orders on the same host.
    Cookies,
}

/// A credential the page holds for its script to add, owned (a cookie: `Browser`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Held {
    Browser,
    Bearer(String),
    SessionId(String),
}

impl Held {
    pub fn cred(&self) -> Cred<'_> {
        match self {
            Held::Browser => Cred::Browser,
            Held::Bearer(token) => Cred::Bearer(token),
            Held::SessionId(id) => Cred::SessionId(id),
        }
    }
}

impl Cred<'_> {
    fn add(self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Cred::Browser => request,
            Cred::Bearer(token) => request.header("Authorization", &format!("Bearer {token}")),
            Cred::SessionId(id) => request.header(SESSION_ID_HEADER, id),
            Cred::Cookies => request.credentials(web_sys::RequestCredentials::Include),
        }
    }
}

// Every request goes through one non-generic `send`: the answer's type only names what
// `Exchange::value` will read, so a generic request path would copy the whole fetch state
// machine once per answer type (1.5 KB of wasm each).

pub async fn get<T>(path: &'static str) -> Exchange<T> {
    send("GET", path, Cred::Browser, None).await.typed()
}

/// A GET with the page's credential.
pub async fn get_as<T>(path: &'static str, cred: Cred<'_>) -> Exchange<T> {
    send("GET", path, cred, None).await.typed()
}

/// A bodiless POST with the page's credential.
pub async fn post_as<T>(path: &'static str, cred: Cred<'_>) -> Exchange<T> {
    send("POST", path, cred, None).await.typed()
}

pub async fn post_json<T>(path: &'static str, body: &impl Serialize) -> Exchange<T> {
    post_json_as(path, body, Cred::Browser).await
}

/// A JSON POST whose body says nothing: `{}`.
pub async fn post_empty<T>(path: &'static str, cred: Cred<'_>) -> Exchange<T> {
    send("POST", path, cred, Some("{}".to_owned()))
        .await
        .typed()
}

/// A POST of JSON the caller wrote out already (no serializer in the wasm for a fixed shape).
pub async fn post_text_as<T>(path: &'static str, json: String, cred: Cred<'_>) -> Exchange<T> {
    send("POST", path, cred, Some(json)).await.typed()
}

/// A JSON POST with the page's credential.
pub async fn post_json_as<T>(
    path: &'static str,
    body: &impl Serialize,
    cred: Cred<'_>,
) -> Exchange<T> {
    let json = serde_json::to_string(body).unwrap_or_default();
    send("POST", path, cred, Some(json)).await.typed()
}

/// A GET to another service's own URL (no front door); `label` names it in the exchange.
pub async fn get_at<T>(url: &str, label: &'static str, cred: Cred<'_>) -> Exchange<T> {
    send_to(url, "GET", label, cred, None).await.typed()
}

/// Sends one request (a JSON body when given) and keeps the exchange.
async fn send(
    method: &'static str,
    path: &'static str,
    cred: Cred<'_>,
    json: Option<String>,
) -> Exchange<()> {
    send_to(&url_for(path), method, path, cred, json).await
}

async fn send_to(
    url: &str,
    method: &'static str,
    path: &'static str,
    cred: Cred<'_>,
    json: Option<String>,
) -> Exchange<()> {
    let request = cred.add(match method {
        "GET" => Request::get(url),
        _ => Request::post(url),
    });
    let sent = match json {
        None => request.send().await,
        Some(json) => match request
            .header("Content-Type", "application/json")
            .body(json)
        {
            Ok(request) => request.send().await,
            Err(err) => Err(err),
        },
    };
    finish(method, path, sent).await
}

async fn finish(
    method: &'static str,
    path: &'static str,
    sent: Result<Response, gloo_net::Error>,
) -> Exchange<()> {
    let (status, text, trace_id, node) = match sent {
        Ok(response) => {
            let headers = response.headers();
            let trace_id = headers
                .get("x-authlab-trace-id")
                .and_then(|id| id.parse().ok());
            let node = headers.get("x-authlab-node");
            (
                response.status(),
                response.text().await.unwrap_or_default(),
                trace_id,
                node,
            )
        }
        Err(err) => (0, format!("the request failed: {err}"), None, None),
    };
    let body = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|json| serde_json::to_string_pretty(&json).ok())
        .unwrap_or(text);
    Exchange {
        method,
        path,
        status,
        body,
        trace_id,
        node,
        answer: PhantomData,
    }
}
