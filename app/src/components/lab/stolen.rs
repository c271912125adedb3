//! The attacker's copy of one scheme's credential: steal it (on the server), replay it, and
//! what the server answered the attacker.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Lab;
use crate::api::http::Held;
use crate::api::lab::{self as api, ReplayAnswer, StolenCopy};
use crate::api::Scheme;

/// What the attacker got back, in a line: status, and the check that decided.
fn outcome(answer: &ReplayAnswer) -> (bool, String) {
    let accepted = (200..300).contains(&answer.status);
    let why = match answer.checks.iter().find(|check| !check.passed) {
        Some(check) => format!("{}: {}", check.name, check.detail),
        None if accepted => "every check passed".to_owned(),
        None => answer.body["error"]
            .as_str()
            .unwrap_or("refused")
            .to_owned(),
    };
    (
        accepted,
        format!(
            "{} {} — {why}",
            answer.status,
            if accepted { "accepted" } else { "refused" }
        ),
    )
}

/// Steal the credential of `scheme` as it travels now, and replay it as the attacker.
#[component]
pub fn StolenCopyBox(
    scheme: Scheme,
    /// What the page's script adds to the steal request (a cookie comes along by itself).
    #[prop(into)]
    held: Signal<Held>,
    /// Whether there is anything to steal right now.
    #[prop(into)]
    can_steal: Signal<bool>,
) -> impl IntoView {
    let copy = RwSignal::new(None::<StolenCopy>);
    let answer = RwSignal::new(None::<ReplayAnswer>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // A lab reset forgets every stolen copy on the server: forget ours too.
    let lab = Lab::expect();
    Effect::new(move |_| {
        lab.resets.track();
        copy.set(None);
        answer.set(None);
        error.set(None);
    });
    let steal = move |_| {
        busy.set(true);
        spawn_local(async move {
            let held = held.get_untracked();
            let stolen = api::steal(scheme, held.cred()).await;
            error.set((!stolen.ok()).then(|| stolen.error()));
            if let Some(stolen) = stolen.value() {
                answer.set(None);
                copy.set(Some(stolen));
            }
            busy.set(false);
        });
    };
    let replay = move |_| {
        let Some(stolen) = copy.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let replayed = api::replay(&stolen.copy_id).await;
            error.set((!replayed.ok()).then(|| replayed.error()));
            answer.set(replayed.value());
            busy.set(false);
        });
    };
    let what = match scheme {
        Scheme::Session => "session cookie",
        Scheme::Jwt => "access token",
    };
    view! {
        <div class="stolen" data-testid=format!("{}-stolen", scheme.as_str())>
            <div class="actions">
                <button type="button" class="danger" on:click=steal
                    disabled=move || busy.get() || !can_steal.get()
                    title="Simulates theft (malware, a leaked log, a sniffed connection): the server keeps the copy; this page never sees it">
                    {format!("Steal the {what}")}
                </button>
                <button type="button" class="danger" on:click=replay
                    disabled=move || busy.get() || copy.with(Option::is_none)>
                    "Replay as attacker"
                </button>
            </div>
            {move || copy.get().map(|c| view! {
                <p class="hint">{format!(
                    "Simulated theft — as if malware, a leaked log or a sniffed connection had copied it. \
                     The attacker holds a copy ({} B, #{}), kept on the server and never shown to this page.",
                    c.bytes, c.handle
                )}</p>
            })}
            {move || answer.get().map(|a| {
                let (accepted, line) = outcome(&a);
                view! {
                    <p class=if accepted { "verdict refused-attack accepted" } else { "verdict accepted-defence refused" } data-testid="replay-outcome">
                        "Attacker's " {a.method} " " {a.path} ": " {line}
                    </p>
                }
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}
