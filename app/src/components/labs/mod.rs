//! The labs under the columns, one tab each: where to keep a token (measured), XSS, CSRF.

mod csrf;

use leptos::prelude::*;

use csrf::CsrfLab;

const TABS: [(&str, &str); 1] = [("csrf", "CSRF: another site acts in your name")];

#[component]
pub fn Labs() -> impl IntoView {
    let tab = RwSignal::new("csrf");
    view! {
        <section class="labs" aria-label="Labs">
            <div class="lab-tabs" role="tablist">
                {TABS.into_iter().map(|(id, label)| view! {
                    <button type="button" role="tab" class="lab-tab"
                        data-testid=format!("lab-tab-{id}")
                        aria-selected=move || (tab.get() == id).to_string()
                        on:click=move |_| tab.set(id)>{label}</button>
                }).collect_view()}
            </div>
            {move || (tab.get() == "csrf").then(|| view! { <CsrfLab /> })}
        </section>
    }
}
