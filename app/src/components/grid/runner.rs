//! The grid's experiments, run in this browser against this server: for each combination of
//! carrier and state model, alice logs in, and each question is answered by doing the thing
//! (an injected script searches, a fetch adds nothing, another site's frame sends a request,
//! the server's trace counts the bytes and lookups, a stolen copy is replayed after logout and
//! at another node). Browser only.

use gloo_storage::{LocalStorage, Storage};

use super::verdict::{size_class, Column, Combo, Found, Mark};
use crate::api::http::{Cred, Exchange};
use crate::api::session::Credentials;
use crate::api::trace::{self, TraceEntry};
use crate::api::{jwt, lab, session, Carrier, Scheme};
use crate::components::labs::probes;

/// Where a header-carried credential is kept during the run: localStorage, the columns'
/// default, under a key of its own (the columns' own keys are left alone).
const KEY: &str = "authlab.grid";

/// The checks that are a lookup of server state (a store read per request).
const LOOKUPS: [&str; 2] = ["session-store lookup", "denylist"];

/// Where the run can reach: the evil site's port, another node's name.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// The evil site's origin (another site).
    pub evil: Option<String>,
    pub peer: Option<String>,
}

/// What alice's login gave the page: nothing (a cookie), or a value to send in a header.
struct LoggedIn {
    /// The id or access token the page holds (header carrier only).
    held: Option<String>,
    /// The refresh token, for the JWT's logout (header carrier only).
    refresh: Option<String>,
}

impl LoggedIn {
    fn cred(&self, combo: Combo) -> Cred<'_> {
        match (combo.scheme, self.held.as_deref()) {
            (_, None) => Cred::Browser,
            (Scheme::Session, Some(id)) => Cred::SessionId(id),
            (Scheme::Jwt, Some(token)) => Cred::Bearer(token),
        }
    }
}

fn alice(carrier: Carrier) -> Credentials {
    Credentials {
        username: "alice".to_owned(),
        password: "wonderland".to_owned(),
        carrier: Some(carrier),
    }
}

async fn log_in(combo: Combo) -> Result<LoggedIn, String> {
    let credentials = alice(combo.carrier);
    let (held, refresh) = match (combo.scheme, combo.carrier) {
        (Scheme::Session, _) => {
            let answer = session::login(&credentials).await;
            let id = answer.value().ok_or_else(|| answer.error())?.session_id;
            (id, None)
        }
        (Scheme::Jwt, Carrier::Header) => {
            let answer = jwt::login(&credentials).await;
            let pair = answer.value().ok_or_else(|| answer.error())?;
            (Some(pair.access_token), Some(pair.refresh_token))
        }
        (Scheme::Jwt, Carrier::Cookie) => {
            let answer = jwt::login_cookie(&credentials).await;
            answer.value().ok_or_else(|| answer.error())?;
            (None, None)
        }
    };
    if let Some(value) = &held {
        LocalStorage::raw()
            .set_item(KEY, value)
            .map_err(|_| "localStorage refused the credential".to_owned())?;
    }
    Ok(LoggedIn { held, refresh })
}

/// The injected script: where on the page can a script find `needle`?
const SEARCH: &str = r#"const found = [];
if (document.cookie.includes(needle)) found.push("document.cookie");
for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
  for (let i = 0; i < store.length; i++) {
    if ((store.getItem(store.key(i)) || "").includes(needle)) found.push(name);
  }
}
return found.join(", ");"#;

fn script_reads(combo: Combo, logged_in: &LoggedIn) -> Found {
    // A cookie's value is unknown to the page: look for its name in `document.cookie`.
    let needle = match (&logged_in.held, combo.scheme) {
        (Some(value), _) => value.clone(),
        (None, Scheme::Session) => "authlab_session=".to_owned(),
        (None, Scheme::Jwt) => "authlab_jwt=".to_owned(),
    };
    let found = js_sys::Function::new_with_args("needle", SEARCH)
        .call1(&wasm_bindgen::JsValue::NULL, &needle.into())
        .ok()
        .and_then(|found| found.as_string())
        .unwrap_or_default();
    if found.is_empty() {
        Found::new(
            Mark::No,
            "an injected script searched document.cookie and both storages: HttpOnly hides it",
        )
    } else {
        Found::new(
            Mark::Yes,
            format!("an injected script read it from {found}, to send anywhere"),
        )
    }
}

async fn me(scheme: Scheme, cred: Cred<'_>) -> Exchange<()> {
    match scheme {
        Scheme::Session => session::me(cred).await.typed(),
        Scheme::Jwt => jwt::me(cred).await.typed(),
    }
}

/// A request of the scheme that needs no login (the store's rows, the JWT server's view), sent
/// with nothing added: the trace says whether the browser attached the scheme's cookie.
async fn bare(scheme: Scheme) -> Exchange<()> {
    match scheme {
        Scheme::Session => session::store(Cred::Browser).await.typed(),
        Scheme::Jwt => jwt::server().await.typed(),
    }
}

fn sent_by_itself(bare: &Exchange<()>, entry: Option<&TraceEntry>) -> Found {
    let Some(entry) = entry else {
        return Found::cannot("the server's trace had no entry");
    };
    let path = bare.path;
    if entry.credential.carrier == Some(Carrier::Cookie) {
        Found::new(
            Mark::Yes,
            format!("the page added nothing to GET {path}; the trace shows the cookie arrived"),
        )
    } else {
        Found::new(
            Mark::No,
            format!("the page added nothing to GET {path}; nothing arrived: only this page's script adds a header"),
        )
    }
}

async fn entry_of(exchange: &Exchange<()>) -> Option<TraceEntry> {
    trace::entry(exchange.node.as_deref(), exchange.trace_id?).await
}

fn bytes(combo: Combo, entry: Option<&TraceEntry>) -> Found {
    let Some(entry) = entry else {
        return Found::cannot("the server's trace had no entry");
    };
    let bytes = entry.credential.bytes;
    let limit = match combo.carrier {
        Carrier::Cookie => ", of the 4096 a browser keeps per cookie",
        Carrier::Header => ", no per-cookie limit",
    };
    Found::new(
        size_class(bytes),
        format!("{bytes} B · on the wire, the server's trace{limit}"),
    )
}

fn lookups(entry: Option<&TraceEntry>) -> Found {
    let Some(entry) = entry else {
        return Found::cannot("the server's trace had no entry");
    };
    let reads: Vec<_> = entry
        .checks
        .iter()
        .filter(|check| LOOKUPS.contains(&check.name.as_str()))
        .collect();
    if reads.is_empty() {
        let how = "0 · the trace: the signature only, no state read";
        return Found::new(Mark::Value("none".to_owned()), how);
    }
    // The mark compares the lookups by name; the text gives their cost too.
    let names: Vec<&str> = reads.iter().map(|check| check.name.as_str()).collect();
    let costs: Vec<String> = reads
        .iter()
        .map(|check| format!("{} {} µs", check.name, check.micros))
        .collect();
    Found::new(
        Mark::Value(names.join(", ")),
        format!("{} · the trace: {}", reads.len(), costs.join(", ")),
    )
}

async fn other_site(combo: Combo, reach: &Reach) -> Found {
    let Some(evil) = &reach.evil else {
        return Found::cannot("this node serves no evil site");
    };
    let nonce = probes::nonce();
    let Some(report) = probes::cross_site(&nonce, evil).await else {
        return Found::cannot("another site's frame never reported");
    };
    let carried = match (combo.scheme, combo.carrier) {
        (Scheme::Session, Carrier::Cookie) => report.session_cookie,
        (Scheme::Jwt, Carrier::Cookie) => report.jwt_cookie,
        (Scheme::Session, Carrier::Header) => report.session_header,
        (Scheme::Jwt, Carrier::Header) => report.authorization,
    };
    let how = match (carried, combo.carrier) {
        (true, _) => "another site's frame fetched here with credentials: \"include\" — it came along",
        (false, Carrier::Cookie) => "another site's frame fetched here with credentials: \"include\": SameSite=Lax kept it home, or the browser blocks third-party cookies (the CSRF lab's form is the top-level case)",
        (false, Carrier::Header) => "another site's frame fetched here: no header, only this page's script adds one",
    };
    Found::new(Mark::of(carried), how)
}

async fn replay(copy: &str, node: Option<&str>) -> Option<u16> {
    lab::replay_at(copy, node).await.value().map(|a| a.status)
}

async fn other_node(copy: Option<&str>, reach: &Reach) -> Found {
    let Some(peer) = reach.peer.as_deref() else {
        return Found::cannot("one node runs: start two with make nodes");
    };
    match copy {
        Some(copy) => match replay(copy, Some(peer)).await {
            Some(status) => Found::new(
                Mark::of(status == 200),
                format!("the stolen copy replayed at node {peer}: {status}"),
            ),
            None => Found::cannot(format!("node {peer} did not answer")),
        },
        None => Found::cannot("nothing was stolen"),
    }
}

async fn log_out(combo: Combo, logged_in: &LoggedIn) -> u16 {
    let cred = logged_in.cred(combo);
    match (combo.scheme, logged_in.refresh.as_deref()) {
        (Scheme::Session, _) => session::logout(cred).await.status,
        (Scheme::Jwt, Some(refresh)) => jwt::logout(refresh).await.status,
        (Scheme::Jwt, None) => jwt::logout_cookie().await.status,
    }
}

async fn logout_kills(copy: Option<&str>) -> Found {
    match copy {
        Some(copy) => match replay(copy, None).await {
            Some(status) => {
                let how = if status == 200 {
                    format!("replayed after logout: {status}, only exp ends it")
                } else {
                    format!("replayed after logout: {status}, the record is gone")
                };
                Found::new(Mark::of(status != 200), how)
            }
            None => Found::cannot("the replay got no answer"),
        },
        None => Found::cannot("nothing was stolen"),
    }
}

/// One combination, every question in the order of [`super::verdict::QUESTIONS`].
pub async fn run_one(combo: Combo, reach: &Reach) -> Column {
    let logged_in = match log_in(combo).await {
        Ok(logged_in) => logged_in,
        Err(error) => return vec![Found::cannot(format!("login failed: {error}")); 7],
    };
    let cred = logged_in.cred(combo);
    let script = script_reads(combo, &logged_in);
    let plain = bare(combo.scheme).await;
    let automatic = sent_by_itself(&plain, entry_of(&plain).await.as_ref());
    let entry = entry_of(&me(combo.scheme, cred).await).await;
    let cross_site = other_site(combo, reach).await;
    let copy = lab::steal(combo.scheme, cred)
        .await
        .value()
        .map(|c| c.copy_id);
    let node = other_node(copy.as_deref(), reach).await;
    let status = log_out(combo, &logged_in).await;
    let mut logout = logout_kills(copy.as_deref()).await;
    if !(200..300).contains(&status) {
        logout = Found::cannot(format!("logout answered {status}"));
    }
    let _ = LocalStorage::raw().remove_item(KEY);
    vec![
        script,
        automatic,
        cross_site,
        bytes(combo, entry.as_ref()),
        lookups(entry.as_ref()),
        logout,
        node,
    ]
}
