//! The live trace under a column: each request the server answered for this scheme, newest
//! first, with the checks it ran and what they cost.

use leptos::either::Either;
use leptos::prelude::*;

use super::Lab;
use crate::api::trace::TraceEntry;
use crate::api::Scheme;
use crate::components::checks_view::ChecksView;

/// How many requests a column shows.
const SHOWN: usize = 6;

/// The one-line summary of the server's work: the store lookups or the signature.
fn work(entry: &TraceEntry) -> String {
    let key = entry
        .checks
        .iter()
        .find(|c| matches!(c.name.as_str(), "session-store lookup" | "signature") || !c.passed);
    let total: u64 = entry.checks.iter().map(|c| c.micros).sum();
    match key {
        Some(check) => format!(
            "{} {} · {} µs · checks {total} µs",
            check.name,
            if check.passed { "ok" } else { "FAILED" },
            check.micros
        ),
        None => format!("checks {total} µs"),
    }
}

#[component]
pub fn TraceTimeline(scheme: Scheme) -> impl IntoView {
    let lab = Lab::expect();
    let entries = move || {
        lab.trace.with(|all| {
            all.iter()
                .rev()
                .filter(|e| e.scheme.scheme() == Some(scheme) && !e.view)
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="timeline" data-testid=format!("{}-trace", scheme.as_str())>
            <h4>"Server trace " <span class="hint">"(live, every request to this scheme)"</span></h4>
            {move || {
                let (count, total) = lab.trace.with(|all| {
                    all.iter()
                        .filter(|e| e.scheme.scheme() == Some(scheme) && !e.view && e.credential.kind != "none")
                        .fold((0u64, 0u64), |(n, t), e| (n + 1, t + e.checks.iter().map(|c| c.micros).sum::<u64>()))
                });
                (count > 0).then(|| view! {
                    <p class="trace-average" data-testid=format!("{}-average", scheme.as_str())>
                        {format!("Average cost of checking the credential: {} µs over {count} request(s)", total / count)}
                    </p>
                })
            }}
            {move || {
                let entries = entries();
                if entries.is_empty() {
                    return Either::Left(view! { <p class="empty">"No request yet."</p> });
                }
                Either::Right(view! {
                    <ol class="trace-rows">
                        {entries.into_iter().map(|entry| {
                            let ok = (200..300).contains(&entry.status);
                            let summary = work(&entry);
                            let credential = if entry.credential.kind == "none" {
                                "no credential".to_owned()
                            } else {
                                format!("{} {} B", entry.credential.kind, entry.credential.bytes)
                            };
                            view! {
                                <li class:attacker=entry.actor != "page" && entry.actor != "script">
                                    <details>
                                        <summary>
                                            <span class=if ok { "code accepted" } else { "code refused" }>{entry.status}</span>
                                            " " <code>{format!("{} {}", entry.method, entry.path)}</code>
                                            {(entry.actor == "attacker" || entry.actor == "other site").then(|| view! { " " <span class="tag attacker-tag">{entry.actor.clone()}</span> })}
                                            " · " {credential} " · " {summary} " · node " {entry.node}
                                        </summary>
                                        <ChecksView checks=entry.checks />
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                })
            }}
        </div>
    }
}
