//! A numbered panel of a scheme column; the same number sits at the same height in both columns.

use leptos::prelude::*;

#[component]
pub fn Panel(
    /// The step number, shown as ①, ②, …
    step: u8,
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let mark = char::from_u32(0x2460 + u32::from(step.saturating_sub(1))).unwrap_or('•');
    view! {
        <section class="panel">
            <h3>
                <span class="step" aria-hidden="true">{mark}</span>
                " "
                {title}
            </h3>
            {children()}
        </section>
    }
}
