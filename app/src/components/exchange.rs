//! One request and its answer, shown as they went over the wire.

use leptos::prelude::*;

use crate::api::http::Exchange;

/// What the page shows of an exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub method: &'static str,
    pub path: &'static str,
    /// Request header or body lines worth showing.
    pub sent: Vec<String>,
    pub status: u16,
    pub body: String,
    /// The node that answered.
    pub node: Option<String>,
}

impl Shown {
    pub fn of<T>(exchange: &Exchange<T>, sent: Vec<String>) -> Self {
        Self {
            method: exchange.method,
            path: exchange.path,
            sent,
            status: exchange.status,
            body: exchange.body.clone(),
            node: exchange.node.clone(),
        }
    }
}

#[component]
pub fn ExchangeView(shown: Shown) -> impl IntoView {
    let verdict = if (200..300).contains(&shown.status) {
        "accepted"
    } else {
        "refused"
    };
    view! {
        <div class="exchange">
            <pre class="request">
                <code>{format!("{} {}", shown.method, shown.path)}</code>
                {shown.sent.into_iter().map(|line| view! { "\n" <code>{line}</code> }).collect_view()}
            </pre>
            <p class=format!("status {verdict}")>
                <span class="status-code">{shown.status}</span>
                " "
                {verdict}
                {shown.node.map(|node| view! {
                    <span class="answered-by" data-testid="answered-by">{format!("node {node}")}</span>
                })}
            </p>
            <pre class="answer"><code>{shown.body}</code></pre>
        </div>
    }
}
