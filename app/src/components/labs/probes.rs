//! The storage lab's experiments. A probe is a random marker, never a credential, planted in an
//! HttpOnly cookie, localStorage, sessionStorage and page memory; each experiment looks for it
//! the way the question asks. Browser only (the tests cover the encoding).

use std::cell::RefCell;

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use gloo_timers::future::TimeoutFuture;

use leptos::prelude::{document, window};

use crate::api::lab::{self as api, ProbeReport, ProbeView};
use crate::components::session::document_cookie;

/// The storage key of both storage probes.
pub const KEY: &str = "authlab.probe";

thread_local! {
    /// The memory row's probe: this page's memory, gone at the next load of the page.
    static MEMORY: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Cookie,
    Local,
    Session,
    Memory,
}

pub const ROWS: [Row; 4] = [Row::Cookie, Row::Local, Row::Session, Row::Memory];

impl Row {
    pub fn label(self) -> &'static str {
        match self {
            Row::Cookie => "HttpOnly cookie",
            Row::Local => "localStorage",
            Row::Session => "sessionStorage",
            Row::Memory => "page memory",
        }
    }

    /// Which carrier keeps its credential here, whatever the scheme.
    pub fn carrier(self) -> &'static str {
        match self {
            Row::Cookie => "the cookie carrier: a session id or a JWT",
            _ => "the header carrier keeps a session id or a JWT here",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Row::Cookie => "cookie",
            Row::Local => "local",
            Row::Session => "session",
            Row::Memory => "memory",
        }
    }
}

/// What one cell found out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Yes,
    No,
    /// The page cannot measure it, or the browser stopped the experiment.
    Cannot,
}

impl Cell {
    fn of(found: bool) -> Cell {
        if found {
            Cell::Yes
        } else {
            Cell::No
        }
    }
}

/// The experiments, one per column.
pub const COLUMNS: [&str; 5] = [
    "Survives a reload",
    "Seen by a new tab",
    "Survives a browser restart",
    "Readable by script on the page",
    "Sent with another site's request",
];
pub const RELOAD: usize = 0;
pub const NEW_TAB: usize = 1;
pub const RESTART: usize = 2;
pub const SCRIPT: usize = 3;
pub const CROSS_SITE: usize = 4;
/// The columns measured before the reload, which travel through it in the address.
const BEFORE_RELOAD: [usize; 3] = [NEW_TAB, SCRIPT, CROSS_SITE];

pub type Grid = [[Cell; 5]; 4];

pub fn encode(grid: &Grid) -> String {
    grid.iter()
        .flat_map(|row| BEFORE_RELOAD.map(|column| row[column]))
        .map(|cell| match cell {
            Cell::Yes => 'y',
            Cell::No => 'n',
            Cell::Cannot => 'c',
        })
        .collect()
}

/// The grid of the address, with the reload column still to measure (`Cannot` until then).
pub fn decode(code: &str) -> Option<Grid> {
    let codes: Vec<char> = code.chars().collect();
    if codes.len() != ROWS.len() * BEFORE_RELOAD.len() {
        return None;
    }
    let mut grid = [[Cell::Cannot; 5]; 4];
    for (row, chunk) in codes.chunks(BEFORE_RELOAD.len()).enumerate() {
        for (column, code) in BEFORE_RELOAD.into_iter().zip(chunk) {
            grid[row][column] = match code {
                'y' => Cell::Yes,
                'n' => Cell::No,
                _ => Cell::Cannot,
            };
        }
    }
    Some(grid)
}

pub(crate) fn nonce() -> String {
    (0..24)
        .map(|_| {
            let n = (js_sys::Math::random() * 36.0) as u32;
            char::from_digit(n.min(35), 36).unwrap_or('0')
        })
        .collect()
}

/// The injected script of the "readable" column: a search of everything a script on the page
/// can reach by name. It answers where it found the marker, comma-separated.
const SEARCH: &str = r#"const found = [];
if (document.cookie.includes(nonce)) found.push("document.cookie");
for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
  for (let i = 0; i < store.length; i++) {
    if ((store.getItem(store.key(i)) || "").includes(nonce)) found.push(name);
  }
}
for (const key of Object.getOwnPropertyNames(window)) {
  try { const v = window[key]; if (typeof v === "string" && v.includes(nonce)) found.push("window." + key); } catch (e) {}
}
return found.join(",");"#;

fn injected_search(nonce: &str) -> Vec<String> {
    let search = js_sys::Function::new_with_args("nonce", SEARCH);
    search
        .call1(&wasm_bindgen::JsValue::NULL, &nonce.into())
        .ok()
        .and_then(|found| found.as_string())
        .map(|found| {
            found
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Asks the server until `pick` finds a report, for at most about five seconds.
async fn wait_for(nonce: &str, pick: fn(ProbeView) -> Option<ProbeReport>) -> Option<ProbeReport> {
    for _ in 0..25 {
        TimeoutFuture::new(200).await;
        if let Some(report) = api::probe(nonce).await.and_then(pick) {
            return Some(report);
        }
    }
    None
}

/// Plants the probes and runs every experiment that needs no reload, then reloads the page
/// with the results in the address. `None` when the probe could not be planted.
/// `evil`: the evil site's origin (another site), when this server serves one.
pub async fn start(evil: Option<String>, progress: impl Fn(&'static str)) -> Option<()> {
    let nonce = nonce();
    progress("Planting the probes…");
    api::plant_probe(&nonce).await.value()?;
    LocalStorage::raw().set_item(KEY, &nonce).ok()?;
    SessionStorage::raw().set_item(KEY, &nonce).ok()?;
    MEMORY.with(|memory| *memory.borrow_mut() = Some(nonce.clone()));
    let mut grid: Grid = [[Cell::Cannot; 5]; 4];

    progress("An injected script searches the page…");
    let found = injected_search(&nonce);
    let cookie_readable = document_cookie().contains(&nonce);
    grid[0][SCRIPT] = Cell::of(cookie_readable);
    grid[1][SCRIPT] = Cell::of(found.iter().any(|f| f == "localStorage"));
    grid[2][SCRIPT] = Cell::of(found.iter().any(|f| f == "sessionStorage"));
    grid[3][SCRIPT] = Cell::of(found.iter().any(|f| f.starts_with("window.")));

    progress("A new tab looks for the probes…");
    let url = format!("/api/lab/probe/tab?nonce={nonce}");
    let opened = window()
        .open_with_url_and_target_and_features(&url, "_blank", "noopener")
        .is_ok();
    let tab = if opened {
        wait_for(&nonce, |view| view.tab).await
    } else {
        None
    };
    if let Some(tab) = tab {
        grid[0][NEW_TAB] = Cell::of(tab.cookie);
        grid[1][NEW_TAB] = Cell::of(tab.local == Some(true));
        grid[2][NEW_TAB] = Cell::of(tab.session == Some(true));
    }
    grid[3][NEW_TAB] = Cell::No;

    if let Some(evil) = evil {
        progress("Another site's page sends a request here…");
        if let Some(report) = cross_site(&nonce, &evil).await {
            grid[0][CROSS_SITE] = Cell::of(report.cookie);
            for row in 1..4 {
                grid[row][CROSS_SITE] = Cell::of(report.authorization);
            }
        }
    }

    progress("Reloading the page…");
    let target = format!("/?matrix={nonce}&m={}#storage-lab", encode(&grid));
    window().location().assign(&target).ok()
}

/// Loads the evil site's probe in a hidden frame and waits for its report.
pub(crate) async fn cross_site(nonce: &str, evil: &str) -> Option<ProbeReport> {
    let frame = document().create_element("iframe").ok()?;
    frame
        .set_attribute("src", &format!("{evil}/probe?nonce={nonce}"))
        .ok()?;
    frame.set_attribute("hidden", "").ok()?;
    frame.set_attribute("title", "cross-site probe").ok()?;
    document().body()?.append_child(&frame).ok()?;
    let report = wait_for(nonce, |view| view.cross_site).await;
    frame.remove();
    report
}

/// After the reload: the reload column, then the probes are cleared.
pub async fn finish(nonce: &str, mut grid: Grid) -> Grid {
    let cookie = api::probe(nonce).await.map(|view| view.cookie);
    grid[0][RELOAD] = cookie.map_or(Cell::Cannot, Cell::of);
    let held = |value: Option<String>| Cell::of(value.as_deref() == Some(nonce));
    grid[1][RELOAD] = held(LocalStorage::raw().get_item(KEY).ok().flatten());
    grid[2][RELOAD] = held(SessionStorage::raw().get_item(KEY).ok().flatten());
    grid[3][RELOAD] = held(MEMORY.with(|memory| memory.borrow().clone()));
    let _ = LocalStorage::raw().remove_item(KEY);
    let _ = SessionStorage::raw().remove_item(KEY);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_cells_survive_the_trip_through_the_address() {
        let mut grid = [[Cell::Cannot; 5]; 4];
        grid[0][SCRIPT] = Cell::No;
        grid[1][SCRIPT] = Cell::Yes;
        grid[2][NEW_TAB] = Cell::No;
        grid[3][CROSS_SITE] = Cell::Yes;
        let code = encode(&grid);
        assert_eq!(code.len(), 12);
        assert_eq!(decode(&code), Some(grid));
        assert!(decode("yyn").is_none());
    }
}
