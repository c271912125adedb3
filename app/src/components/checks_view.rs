//! The checks the server ran on a credential, in order: passed, failed, and what each cost.

use leptos::prelude::*;

use crate::api::jwt::Check;

#[component]
pub fn ChecksView(checks: Vec<Check>) -> impl IntoView {
    let total: u64 = checks.iter().map(|c| c.micros).sum();
    view! {
        <ol class="checks" data-testid="checks">
            {checks.into_iter().map(|check| {
                let class = if check.passed { "check accepted" } else { "check refused" };
                let mark = if check.passed { "✓" } else { "✗" };
                let key = check.name.clone();
                view! {
                    <li class=class data-check=key>
                        <span class="mark" aria-hidden="true">{mark}</span>
                        <strong>{check.name}</strong>
                        <span class="micros">{format!("{} µs", check.micros)}</span>
                        <span class="detail">{check.detail}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="hint">{format!("Server-side checks: {total} µs in all.")}</p>
    }
}
