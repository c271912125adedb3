//! A numbered panel of a scheme column; the same number sits at the same height in both columns.

use leptos::prelude::*;

#[component]
pub fn Panel<C>(
    /// The step number, shown as ①, ②, …
    step: u8,
    title: &'static str,
    // Typed, not `Children`: erased children would carry async-hydration code for every
    // panel's content into the wasm (~90 KB brotli measured).
    children: TypedChildren<C>,
) -> impl IntoView
where
    C: IntoView + 'static,
{
    let children = children.into_inner();
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
