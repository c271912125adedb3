//! "Where should I keep my token?", measured: one experiment per cell (see [`super::probes`]),
//! each shown with how it was found out.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::escape;
use super::probes::{
    self, Cell, Grid, Row, COLUMNS, CROSS_SITE, NEW_TAB, RELOAD, RESTART, ROWS, SCRIPT,
};
use crate::api::sites::Site;

const INTRO: &str = "Where should the page keep a credential? Instead of a table someone typed, \
    this lab plants a random marker (never a credential) in each place and measures every cell \
    in your browser. The page reloads once during the run. Each row is a carrier's place, \
    whichever scheme uses it: the cookie row holds a session id or a cookie-carried JWT, the \
    others what the page keeps for a header.";

/// `?matrix=<nonce>&m=<code>`: the address the experiment reloads to.
pub fn after_reload() -> Option<(String, Grid)> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let nonce = params.get("matrix")?;
    let grid = probes::decode(&params.get("m")?)?;
    Some((nonce, grid))
}

#[component]
pub fn StorageLab() -> impl IntoView {
    let grid = RwSignal::new(None::<Grid>);
    let status = RwSignal::new(String::new());
    let running = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some((nonce, earlier)) = after_reload() {
            running.set(true);
            status.set("Reloaded: looking for the probes…".into());
            spawn_local(async move {
                grid.set(Some(probes::finish(&nonce, earlier).await));
                status.set("Done: every cell was measured just now, in this browser.".into());
                running.set(false);
            });
        }
    });
    let run = move |_| {
        let evil = untrack(|| super::site_origin(Site::Evil));
        running.set(true);
        grid.set(None);
        spawn_local(async move {
            if probes::start(evil, move |step| status.set(step.into()))
                .await
                .is_none()
            {
                status.set("The probes could not be planted: is the server up?".into());
                running.set(false);
            }
        });
    };
    view! {
        <div class="lab-body" data-testid="storage-lab" id="storage-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <button type="button" data-testid="run-matrix" disabled=move || running.get() on:click=run>
                "Run the experiments"
            </button>
            <p class="hint" role="status" data-testid="matrix-status">{move || status.get()}</p>
            {move || grid.get().map(|grid| view! {
                <table class="matrix" data-testid="matrix" inner_html=matrix_html(&grid)></table>
            })}
        </div>
    }
}

/// The matrix as one HTML string: built only in the browser, after a run, from constants —
/// a table of typed views would cost the wasm several KB more.
fn matrix_html(grid: &Grid) -> String {
    let mut html = String::from("<thead><tr><th scope=\"col\">Kept in</th>");
    for column in COLUMNS {
        html += &format!("<th scope=\"col\">{column}</th>");
    }
    html += "</tr></thead><tbody>";
    for (row, cells) in ROWS.into_iter().zip(grid) {
        html += &format!(
            "<tr data-row=\"{}\"><th scope=\"row\">{}<small>{}</small></th>",
            row.slug(),
            row.label(),
            row.carrier()
        );
        for (column, cell) in cells.iter().enumerate() {
            let (mark, class) = match cell {
                Cell::Yes => ("yes", "yes"),
                Cell::No => ("no", "no"),
                Cell::Cannot => ("cannot measure", "cannot"),
            };
            html += &format!(
                "<td class=\"cell {class}\" data-column=\"{column}\"><strong>{mark}</strong><small>{}</small></td>",
                escape(how(row, column, *cell))
            );
        }
        html += "</tr>";
    }
    html + "</tbody>"
}

/// How a cell was found out.
fn how(row: Row, column: usize, cell: Cell) -> &'static str {
    match (column, row, cell) {
        (RELOAD, Row::Cookie, _) => "after the reload, the server said whether the probe cookie came along",
        (RELOAD, Row::Memory, _) => "looked in the page's memory after the reload",
        (RELOAD, _, _) => "read back after the reload",
        (NEW_TAB, Row::Memory, _) => "by construction: a new page starts with empty memory",
        (NEW_TAB, _, Cell::Cannot) => "the new tab never reported: allow pop-ups here and run again",
        (NEW_TAB, Row::Cookie, _) => "a new tab (noopener) asked the server; the browser added the cookie or not",
        (NEW_TAB, _, _) => "a new tab (noopener) looked in its own storage",
        (RESTART, _, _) => "a page cannot restart its browser: close every window, reopen, run again",
        (SCRIPT, Row::Cookie, _) => "document.cookie, as any script on the page reads it",
        (SCRIPT, Row::Memory, Cell::No) => "an injected script searched cookies, storage and window: not found — yet it could wrap fetch and read the header as the page sends it",
        (SCRIPT, _, _) => "an injected script searched cookies, storage and window",
        (CROSS_SITE, _, Cell::Cannot) => "another site's frame never reported",
        (CROSS_SITE, Row::Cookie, Cell::No) => "another site's frame fetched this server with credentials: \"include\"; SameSite=Lax (or a block on third-party cookies) kept it home",
        (CROSS_SITE, Row::Cookie, _) => "another site's frame fetched this server with credentials: \"include\"",
        (CROSS_SITE, _, _) => "that request had no Authorization header: only this page's script adds one",
        _ => "",
    }
}
