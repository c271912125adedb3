//! `GET /api/docs`: the OpenAPI document as a page, rendered here from the document itself —
//! no script, nothing from another site, so it works in a room without internet. Each
//! operation shows what it takes, what it answers, and one curl line per way its credential
//! can travel (a click selects a whole line); then the answers many routes share, and every
//! type with its fields.

use serde_json::Value;

use super::operation::{self, headers, returned};
use super::schemas;
use super::text::text;
use crate::kit::html::escape;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// How to get `$SID`, `$TOKEN` and the jar the curl lines use.
const START: &str = r#"BASE=http://127.0.0.1:3000   # where authlab runs
# session · cookie: session.txt keeps authlab_session
curl -s -c session.txt -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland"}' "$BASE/api/session/login"
# session · X-Session-Id: no cookie; you keep the id
SID=$(curl -s -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland","carrier":"header"}' "$BASE/api/session/login" | jq -r .session_id)
# JWT · Authorization: Bearer: you keep both tokens
PAIR=$(curl -s -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland"}' "$BASE/api/jwt/login")
TOKEN=$(jq -r .access_token <<<"$PAIR"); REFRESH=$(jq -r .refresh_token <<<"$PAIR")
# JWT · cookie: jwt.txt keeps authlab_jwt and authlab_jwt_refresh
curl -s -c jwt.txt -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland","carrier":"cookie"}' "$BASE/api/jwt/login""#;

/// A login's lines are the start block's own: (its comment, its commands) for that path.
fn login_lines(path: &str) -> Vec<(String, String)> {
    let target = format!("$BASE{path}\"");
    START
        .split("\n# ")
        .skip(1)
        .filter_map(|block| block.split_once('\n'))
        .filter(|(_, commands)| commands.contains(&target))
        .map(|(comment, commands)| (comment.to_owned(), commands.to_owned()))
        .collect()
}

/// The answers operations share, by name.
fn shared(doc: &Value) -> String {
    let Some(responses) = doc
        .pointer("/components/responses")
        .and_then(Value::as_object)
    else {
        return String::new();
    };
    responses
        .iter()
        .map(|(name, answer)| {
            format!(
                "<li id=\"answer-{name}\"><strong>{name}</strong>{}{} — {}</li>",
                returned(answer),
                headers(answer),
                text(answer.get("description")),
                name = escape(name)
            )
        })
        .collect()
}

/// The page for `doc`.
pub fn render(doc: &Value) -> String {
    let components = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let tags: Vec<(String, String)> = doc
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .map(|tag| {
                    let name = tag.get("name").and_then(Value::as_str).unwrap_or_default();
                    (name.to_owned(), text(tag.get("description")))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut contents = String::new();
    let mut sections = String::new();
    for (tag, about) in &tags {
        let ops: String = paths
            .iter()
            .flat_map(|(path, item)| METHODS.iter().map(move |m| (path, *m, item.get(*m))))
            .filter_map(|(path, method, op)| op.map(|op| (path, method, op)))
            .filter(|(_, _, op)| {
                op.get("tags")
                    .and_then(Value::as_array)
                    .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(tag.as_str())))
            })
            .map(|(path, method, op)| {
                operation::render(method, path, op, &components, &login_lines(path))
            })
            .collect();
        if ops.is_empty() {
            continue;
        }
        let tag = escape(tag);
        contents.push_str(&format!("<li><a href=\"#tag-{tag}\">{tag}</a></li>"));
        sections.push_str(&format!(
            "<h2 id=\"tag-{tag}\">{tag}</h2><p>{about}</p>{ops}"
        ));
    }
    format!(
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>authlab: the API</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/pkg/authlab.css"></head>
<body><main class="api-page">
<h1>{title} — the API</h1>
<p>{intro}</p>
<p>The same description as JSON: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {version}). The whole story in a terminal: <code>scripts/walkthrough.sh</code>. <a href="/">Back to the page</a>.</p>
<h2>Before you start</h2>
<p>Log in the ways you want to try: each line is one scheme with one carrier. The lines below use what these keep: <code>$SID</code>, <code>$TOKEN</code>, <code>$REFRESH</code>, and a cookie jar per cookie carrier (one jar for both would send a credential two ways, which the server refuses). curl runs in the server's own lab, not your browser's. Needs curl and jq.</p>
<pre class="api-curl" data-testid="curl-start">{start}</pre>
<nav><ul class="api-contents">{contents}<li><a href="#shared">shared answers</a></li><li><a href="#types">types</a></li></ul></nav>
{sections}
<h2 id="shared">Answers many routes share</h2>
<ul class="api-answers">{shared}</ul>
<h2 id="types">Types</h2>
<p>Every request and answer, with its fields (the same Rust types the page decodes).</p>
{types}
</main></body></html>"##,
        title = text(doc.pointer("/info/title")),
        intro = text(doc.pointer("/info/description")),
        version = text(doc.get("openapi")),
        start = escape(START),
        shared = shared(&doc),
        types = schemas::section(&doc),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_logins_lines_are_the_start_blocks_with_every_command() {
        let lines = super::login_lines("/api/jwt/login");
        assert_eq!(lines.len(), 2);
        assert!(lines[0].0.starts_with("JWT · Authorization: Bearer"));
        assert!(lines[0].1.starts_with("PAIR=$(curl"));
        assert!(lines[0].1.contains("REFRESH=$(jq -r .refresh_token"));
        assert!(lines[1].1.contains("-c jwt.txt"));
        assert_eq!(super::login_lines("/api/session/login").len(), 2);
        assert!(super::login_lines("/api/session/me").is_empty());
    }
}
