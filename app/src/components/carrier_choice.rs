//! "Carried in": where a column's credential travels — a cookie the browser attaches by
//! itself, or a header the page's script adds — and, for a header, where the page keeps it.

use leptos::prelude::*;

use super::keep::Keep;
use crate::api::{Carrier, Scheme};

/// Each column's carrier, shared by the page (the scenario runs on them too).
#[derive(Clone, Copy)]
pub struct Carriers {
    pub session: RwSignal<Carrier>,
    pub jwt: RwSignal<Carrier>,
}

impl Carriers {
    pub fn provide() -> Self {
        let carriers = Self {
            session: RwSignal::new(Carrier::Cookie),
            jwt: RwSignal::new(Carrier::Header),
        };
        provide_context(carriers);
        carriers
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }
}

/// The two carriers, the scheme's classic one first, each with what it means.
fn carriers(scheme: Scheme) -> [(Carrier, &'static str); 2] {
    let cookie = (Carrier::Cookie, "HttpOnly cookie — the browser sends it");
    match scheme {
        Scheme::Session => [
            cookie,
            (Carrier::Header, "X-Session-Id header — this page sends it"),
        ],
        Scheme::Jwt => [
            (
                Carrier::Header,
                "Authorization: Bearer — this page sends it",
            ),
            cookie,
        ],
    }
}

#[component]
pub fn CarrierChoice(
    scheme: Scheme,
    #[prop(into)] carrier: Signal<Carrier>,
    on_carrier: Callback<Carrier>,
    #[prop(into)] keep: Signal<Keep>,
    on_keep: Callback<Keep>,
    /// Prefix of the keep radios' ids (the JWT column's are `keep-…`).
    keep_ids: &'static str,
) -> impl IntoView {
    let slug = scheme.as_str();
    view! {
        <fieldset class="carrier-choice" data-testid=format!("{slug}-carrier")>
            <legend>"Carried in"</legend>
            {carriers(scheme)
                .into_iter()
                .map(|(option, label)| {
                    let id = format!("{slug}-carrier-{}", option.as_str());
                    let label_for = id.clone();
                    view! {
                        <label for=label_for>
                            <input type="radio" name=format!("{slug}-carrier") id=id
                                prop:checked=move || carrier.get() == option
                                on:change=move |_| on_carrier.run(option) />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        {move || (carrier.get() == Carrier::Header).then(|| view! {
            <fieldset class="keep-choice">
                <legend>{match scheme { Scheme::Session => "Keep the id in", Scheme::Jwt => "Keep the token in" }}</legend>
                {Keep::ALL
                    .into_iter()
                    .map(|option| {
                        let id = format!("{keep_ids}{}", option.slug());
                        let label_for = id.clone();
                        view! {
                            <label for=label_for>
                                <input type="radio" name=format!("{slug}-keep") id=id
                                    prop:checked=move || keep.get() == option
                                    on:change=move |_| on_keep.run(option) />
                                {option.label()}
                            </label>
                        }
                    })
                    .collect_view()}
                <p class="hint">{move || keep.get().consequence()}</p>
            </fieldset>
        })}
    }
}
