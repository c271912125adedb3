//! A group of the lab's switches, one checkbox each: on while the lab's view says so, flipped
//! through `POST /api/lab/switch`. The CSRF and CORS labs' weakenings and the rights lab's fixes.

use leptos::prelude::*;

use crate::api::lab::LabView;
use crate::components::lab::Lab;

/// Is the switch `name` on, by the lab's view?
fn is_on(view: &LabView, name: &str) -> bool {
    match name {
        "samesite-none" => view.samesite_none,
        "origin-check-off" => !view.origin_check,
        _ => view.fixes.iter().chain(&view.cors).any(|on| on == name),
    }
}

/// `switches` are (name, label as HTML); a switch that is on gets the class `on_class`.
#[component]
pub fn LabSwitches(
    switches: &'static [(&'static str, &'static str)],
    on_class: &'static str,
    #[prop(into)] group: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let lab = Lab::expect();
    view! {
        <div class=format!("switches {class}") role="group" aria-label=group>
            {switches.iter().map(|&(name, label)| {
                let on = move || lab.view.with(|v| v.as_ref().is_some_and(|v| is_on(v, name)));
                view! {
                    <label class=(on_class, on)>
                        <input type="checkbox" data-testid=format!("switch-{name}") prop:checked=on
                            on:change=move |ev| lab.switch(name, event_target_checked(&ev)) />
                        " " <span inner_html=label></span>
                    </label>
                }
            }).collect_view()}
        </div>
    }
}
