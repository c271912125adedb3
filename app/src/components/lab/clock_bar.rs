//! The top bar's lab controls: the clock and its fast-forward, reset, and every weakening
//! switch shown while it is on.

use leptos::prelude::*;

use super::Lab;

#[component]
pub fn LabClockBar() -> impl IntoView {
    let lab = Lab::expect();
    let offset_minutes = move || {
        lab.view
            .with(|v| v.as_ref().map(|v| v.clock_offset_seconds / 60).unwrap_or(0))
    };
    let busy = move || lab.busy.get();
    view! {
        <div class="lab-bar" role="group" aria-label="Lab clock">
            <span class="lab-clock" class:moved=move || offset_minutes() != 0 data-testid="lab-clock">
                "Lab clock " {move || format!("+{} min", offset_minutes())}
            </span>
            {[1, 6, 31]
                .into_iter()
                .map(|minutes| view! {
                    <button type="button" class="secondary small" disabled=busy
                        on:click=move |_| lab.advance(minutes)
                        title=format!("Move the server's clock {minutes} minutes forward")>
                        {format!("+{minutes} min")}
                    </button>
                })
                .collect_view()}
            <button type="button" class="danger small" disabled=busy on:click=move |_| lab.reset()>
                "Reset the lab"
            </button>
            {move || lab.view.with(|v| v.as_ref().map(|v| v.weakened.clone()).unwrap_or_default())
                .into_iter()
                .map(|weak| view! { <span class="lab-warning small" role="status">{weak}</span> })
                .collect_view()}
        </div>
    }
}
