//! A token decoded in the page: the string coloured by part, header and payload claims
//! explained (times as local dates, `exp` counting down), the signature, and for a broken
//! token what could be read and where it broke.

use leptos::either::Either;
use leptos::prelude::*;
use serde_json::{Map, Value};

use super::JwtLab;
use crate::components::ticker::use_ticker;
use crate::jwt_decode::{decode, display_rank, explain_claim, is_time_claim, Decoded};
use crate::time_fmt::{countdown, local_time};

#[component]
pub fn TokenView(#[prop(into)] token: Signal<String>) -> impl IntoView {
    let decoded = Memo::new(move |_| decode(&token.get()));
    view! {
        <div class="token-view">
            <TokenString token />
            {move || {
                let decoded = decoded.get();
                let problems = decoded.problems();
                view! {
                    {(!problems.is_empty()).then(|| view! {
                        <ul class="decode-problems" role="alert">
                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                    })}
                    <Part title="Header" class="jwt-header" json=decoded.header.as_ref().and_then(|s| s.json.clone()) />
                    <Part title="Payload" class="jwt-payload" json=decoded.payload.as_ref().and_then(|s| s.json.clone()) />
                    <Signature decoded />
                }
            }}
        </div>
    }
}

/// The token text, each part in its own colour.
#[component]
fn TokenString(token: Signal<String>) -> impl IntoView {
    let parts = move || {
        let token = token.get();
        let mut pieces = token.splitn(3, '.').map(str::to_owned).collect::<Vec<_>>();
        pieces.resize(3, String::new());
        pieces
    };
    view! {
        <p class="jwt-string" data-testid="jwt-string">
            {move || {
                let [h, p, s]: [String; 3] = parts().try_into().unwrap_or_default();
                view! {
                    <span class="jwt-header">{h}</span>
                    "."
                    <span class="jwt-payload">{p}</span>
                    "."
                    <span class="jwt-signature">{s}</span>
                }
            }}
        </p>
    }
}

#[component]
fn Part(
    title: &'static str,
    class: &'static str,
    json: Option<Map<String, Value>>,
) -> impl IntoView {
    let lab = JwtLab::expect();
    let now_ms = use_ticker();
    let Some(json) = json else {
        return Either::Left(
            view! { <p class=format!("part-missing {class}")>{title}": could not be read"</p> },
        );
    };
    let mut fields: Vec<(String, Value)> = json.into_iter().collect();
    fields.sort_by_key(|(name, _)| display_rank(name));
    let rows = fields
        .into_iter()
        .map(|(name, value)| {
            let shown = match &value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let time = is_time_claim(&name).then(|| value.as_i64()).flatten();
            let kind = name.clone();
            let explain = explain_claim(&name);
            let key = name.clone();
            view! {
                <tr data-claim=key>
                    <th scope="row"><code>{name}</code></th>
                    <td><code>{shown}</code></td>
                    <td class="explain">
                        {explain}
                        {time.map(|t| view! {
                            " · " {local_time(t)}
                            " · " <span class="tick">{move || relative(&kind, t - lab.lab_now(now_ms.get()))}</span>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class=format!("claims {class}")>
            <caption>{title}</caption>
            <tbody>{rows}</tbody>
        </table>
    })
}

/// How far a time claim is from now, in the words that fit it.
fn relative(claim: &str, seconds_ahead: i64) -> String {
    match (claim, seconds_ahead > 0) {
        ("exp", true) => format!("in {}", countdown(seconds_ahead)),
        ("exp", false) => "expired".to_owned(),
        ("nbf", true) => format!("valid in {}", countdown(seconds_ahead)),
        (_, _) => format!(
            "{} ago",
            countdown(-seconds_ahead).replace("expired", "0:00")
        ),
    }
}

#[component]
fn Signature(decoded: Decoded) -> impl IntoView {
    let lab = JwtLab::expect();
    let bytes = decoded.signature.as_ref().map(|s| s.bytes).unwrap_or(0);
    let alg = decoded
        .header_field("alg")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_owned();
    let verdict = move || {
        lab.verdict.with(|verdict| {
            let verdict = verdict.as_ref()?;
            let check = verdict.checks.iter().find(|c| c.name == "signature")?;
            Some((check.passed, check.detail.clone()))
        })
    };
    view! {
        <div class="jwt-signature-part">
            <p>
                <span class="jwt-signature">"Signature"</span>
                {format!(": {bytes} bytes of {alg}. The page cannot check it — only a holder of the key can.")}
            </p>
            {move || verdict().map(|(passed, detail)| {
                let class = if passed { "verdict accepted" } else { "verdict refused" };
                view! { <p class=class>"Server's verdict: " {detail}</p> }
            })}
        </div>
    }
}
