//! "What decides what": the carrier (cookie or header) × the state model (session record or
//! signed JWT), each of the four cells measured live in this browser, and for each question the
//! axis its answers follow — read off the measurements (see [`verdict`]).

mod runner;
pub mod verdict;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::jwt::JwtLab;
use super::lab::Lab;
use super::labs::escape;
use super::nodes::Nodes;
use super::session::SessionLab;
use crate::api::sites::Site;
use runner::Reach;
use verdict::{deciders, Column, Decider, Mark, COMBOS, QUESTIONS};

const INTRO: &str = "Two choices hide in \"cookies or tokens?\": where the credential \
    <em>travels</em> (a cookie the browser attaches, or a header this page adds) and where the \
    login <em>lives</em> (a record on the server, or claims signed into a JWT). The run logs alice \
    in four times, once per pair, and answers each question by doing it. The columns above are \
    logged out by it. A backend-for-frontend is the first column to the browser: an HttpOnly \
    session cookie, with the tokens kept on the server (<em>Labs → Another service</em>).";

/// The grid's state, shared by its section and the presenter's guide.
#[derive(Clone, Copy)]
pub struct Grid {
    columns: RwSignal<Option<[Column; 4]>>,
    status: RwSignal<String>,
    running: RwSignal<bool>,
}

impl Grid {
    pub fn provide() -> Self {
        let grid = Self {
            columns: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            running: RwSignal::new(false),
        };
        provide_context(grid);
        grid
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    pub fn clear(self) {
        if !self.running.get_untracked() {
            self.columns.set(None);
            self.status.set(String::new());
        }
    }

    /// Runs every experiment of the four combinations, then lets the columns see what is left.
    pub fn run(self) {
        if self.running.get_untracked() {
            return;
        }
        let lab = Lab::expect();
        let nodes = Nodes::expect();
        let (session, jwt) = (SessionLab::expect(), JwtLab::expect());
        let reach = Reach {
            evil: untrack(|| super::labs::site_origin(Site::Evil)),
            peer: nodes
                .list
                .with_untracked(|l| l.as_ref().and_then(|l| l.peers.first().cloned())),
        };
        self.running.set(true);
        self.columns.set(None);
        spawn_local(async move {
            let started = js_sys::Date::now();
            let mut columns: [Column; 4] = Default::default();
            for (column, combo) in columns.iter_mut().zip(COMBOS) {
                self.status.set(format!("Measuring: {}…", combo.label()));
                *column = runner::run_one(combo, &reach).await;
            }
            let seconds = (js_sys::Date::now() - started) / 1000.0;
            self.status.set(format!(
                "Measured just now in this browser, against this server, in {seconds:.1} s."
            ));
            self.columns.set(Some(columns));
            self.running.set(false);
            session.restore();
            jwt.restore();
            lab.refresh();
        });
    }
}

#[component]
pub fn CarrierGrid() -> impl IntoView {
    let grid = Grid::expect();
    view! {
        <section class="grid-section" aria-labelledby="grid-title" data-testid="carrier-grid">
            <h2 id="grid-title">"What decides what: carrier × state"</h2>
            <p inner_html=crate::prose!(INTRO)></p>
            <button type="button" data-testid="run-grid" disabled=move || grid.running.get()
                on:click=move |_| grid.run()>"Run the grid"</button>
            <p class="hint" role="status" data-testid="grid-status">{move || grid.status.get()}</p>
            {move || grid.columns.with(|columns| columns.as_ref().map(|columns| view! {
                <table class="matrix carrier-grid" data-testid="grid" inner_html=grid_html(columns)></table>
                <p class="grid-verdict" data-testid="grid-verdict" inner_html=verdict_html(columns)></p>
            }))}
        </section>
    }
}

/// The grid as one HTML string, from constants and measured values (escaped): a table of typed
/// views would cost the wasm several KB more.
fn grid_html(columns: &[Column; 4]) -> String {
    let mut html = String::from(
        "<thead><tr><th rowspan=\"2\" scope=\"col\">Question</th>\
         <th colspan=\"2\" scope=\"colgroup\">carried in a cookie</th>\
         <th colspan=\"2\" scope=\"colgroup\">carried in a header</th>\
         <th rowspan=\"2\" scope=\"col\">Decided by</th></tr><tr>",
    );
    for combo in COMBOS {
        let state = match combo.scheme {
            crate::api::Scheme::Session => "session record",
            crate::api::Scheme::Jwt => "signed JWT",
        };
        html += &format!("<th scope=\"col\" title=\"{}\">{state}</th>", combo.label());
    }
    html += "</tr></thead><tbody>";
    for ((row, question), decider) in QUESTIONS.iter().enumerate().zip(deciders(columns)) {
        html += &format!(
            "<tr data-question=\"{}\"><th scope=\"row\">{}</th>",
            question.slug(),
            question.label()
        );
        for (column, combo) in columns.iter().zip(COMBOS) {
            let Some(found) = column.get(row) else {
                continue;
            };
            let (class, mark) = match &found.mark {
                Mark::Yes => ("yes", "yes".to_owned()),
                Mark::No => ("no", "no".to_owned()),
                Mark::Value(value) => ("value", escape(value)),
                Mark::Cannot => ("cannot", "not measured".to_owned()),
            };
            // A value's own words are in `how`: the cell leads with it.
            let (head, how) = match found.how.split_once(" · ") {
                Some((head, rest)) if matches!(found.mark, Mark::Value(_)) => {
                    (escape(head), escape(rest))
                }
                _ => (mark, escape(&found.how)),
            };
            html += &format!(
                "<td class=\"cell {class}\" data-combo=\"{}-{}\"><strong>{head}</strong><small>{how}</small></td>",
                combo.carrier.as_str(),
                combo.scheme.as_str()
            );
        }
        html += &format!(
            "<td class=\"decider {}\">{}</td></tr>",
            decider.slug(),
            decider.label()
        );
    }
    html + "</tbody>"
}

/// The conclusion, listed from the measured deciders.
fn verdict_html(columns: &[Column; 4]) -> String {
    let deciders = deciders(columns);
    let named = |wanted: Decider| {
        QUESTIONS
            .iter()
            .zip(&deciders)
            .filter(|(_, d)| **d == wanted)
            .map(|(q, _)| lower_first(q.label()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut lines = Vec::new();
    for (decider, lead) in [
        (Decider::Carrier, "<strong>The carrier decided:</strong> "),
        (Decider::State, "<strong>The state model decided:</strong> "),
    ] {
        let list = named(decider);
        if !list.is_empty() {
            lines.push(format!("{lead}{}.", escape(&list)));
        }
    }
    lines.push(
        "A JWT is an alternative to the session id, not to the cookie: choose the carrier for \
         the browser's threats, the state model for the server's needs."
            .to_owned(),
    );
    lines.join("<br>")
}

/// "Script on the page…" as "script on the page…", keeping "XSS" as it is.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
