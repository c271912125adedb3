//! `GET /room`: the presenter's view of the room, server-rendered (no wasm), refreshed every few
//! seconds: how many are there, the summary, each attendee's slide and results, and the
//! "follow me" switch.

use super::view::{Place, RoomView};
use crate::kit::html::escape;

fn place(at: Option<&Place>) -> String {
    at.map_or_else(
        || "—".to_owned(),
        |at| {
            format!(
                "{} · slide {} of {}",
                escape(&at.guide),
                at.slide,
                at.slides
            )
        },
    )
}

fn result(status: Option<u16>) -> String {
    match status {
        Some(status @ 200..=299) => {
            format!("<span class=\"verdict refused\">{status} accepted</span>")
        }
        Some(status) => format!("<span class=\"verdict accepted\">{status} refused</span>"),
        None => "—".to_owned(),
    }
}

/// The room page.
pub fn room_page(view: &RoomView) -> String {
    let summary: String = view
        .summary
        .iter()
        .map(|line| format!("<li>{}</li>", escape(line)))
        .collect();
    let rows: String = view
        .seats
        .iter()
        .map(|seat| {
            format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&seat.attendee),
                if seat.connected { "open" } else { "gone" },
                place(seat.at.as_ref()),
                result(seat.session_replay_after_logout),
                result(seat.jwt_replay_after_logout),
            )
        })
        .collect();
    let (follow_label, follow_next) = if view.following {
        ("on: attendees' guides move with your steps", "false")
    } else {
        ("off: each attendee steps alone", "true")
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3"><title>authlab: the room</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/pkg/authlab.css"></head>
<body><main class="room-page">
<h1>The room</h1>
<p data-testid="room-counts"><strong>{connected}</strong> attendees connected · {attendees} in the room (seen in the last 10 minutes)</p>
<p>You are at: {presenter_at}. Step through a guide on <a href="/" target="_blank">the page</a> (Presenter): with follow me on, every attendee's page steps with you, each in their own lab.</p>
<form method="post" action="/room/follow"><input type="hidden" name="on" value="{follow_next}">
<button type="submit" data-testid="follow-me">Follow me: {follow_label}</button></form>
<ul class="room-summary" data-testid="room-summary">{summary}</ul>
<table class="store-table"><thead><tr><th scope="col">attendee</th><th scope="col">page</th><th scope="col">in the guides</th><th scope="col">session replay after logout</th><th scope="col">JWT replay after logout</th></tr></thead>
<tbody>{rows}</tbody></table>
<p class="hint">Attendees are named by a hash of their lab id. This page refreshes every 3 s.</p>
</main></body></html>"#,
        connected = view.connected,
        attendees = view.attendees,
        presenter_at = place(view.presenter_at.as_ref()),
    )
}

/// What anyone else gets at `/room`.
pub fn not_presenter() -> String {
    r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>authlab: the room</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/pkg/authlab.css"></head>
<body><main class="room-page"><h1>The room is the presenter's</h1>
<p>Open the link the server printed at start (<code>/room?key=…</code>): the key is in
<code>&lt;data&gt;/secrets/presenter.key</code> on the presenter's machine. Attendees need only
<a href="/">the page</a>.</p></main></body></html>"#
        .to_owned()
}
