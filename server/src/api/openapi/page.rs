//! `GET /api/docs`: the OpenAPI document as a page, rendered here from the document itself —
//! no script, nothing from another site, so it works in a room without internet. Each
//! operation shows what it takes, what it answers, and one curl line per way its credential
//! can travel; a click selects a whole line.

use serde_json::{Map, Value};
use utoipa::openapi::OpenApi;

use super::curl::{self, Body, Way};
use crate::kit::html::escape;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// How to get `$SID`, `$TOKEN` and the jar the curl lines use.
const START: &str = r#"BASE=http://127.0.0.1:3000   # where authlab runs
# session · cookie: session.txt keeps authlab_session
curl -s -c session.txt -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland"}' "$BASE/api/session/login"
# session · X-Session-Id: no cookie; you keep the id
SID=$(curl -s -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland","carrier":"header"}' "$BASE/api/session/login" | jq -r .session_id)
# JWT · Authorization: Bearer: you keep the token
TOKEN=$(curl -s -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland"}' "$BASE/api/jwt/login" | jq -r .access_token)
# JWT · cookie: jwt.txt keeps authlab_jwt and authlab_jwt_refresh
curl -s -c jwt.txt -H 'Content-Type: application/json' -d '{"username":"alice","password":"wonderland","carrier":"cookie"}' "$BASE/api/jwt/login""#;

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .map(escape)
        .unwrap_or_default()
}

/// `#/components/schemas/LoginAnswer` → `LoginAnswer`.
fn schema_name(schema: Option<&Value>) -> Option<String> {
    let schema = schema?;
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().map(str::to_owned);
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        return schema_name(schema.get("items")).map(|name| format!("[{name}]"));
    }
    schema
        .get("type")
        .map(|kind| kind.to_string().replace('"', ""))
}

/// The request body's example and its kind (JSON or a form).
fn body(operation: &Value, schemas: &Map<String, Value>) -> (Body, Option<String>) {
    let Some(content) = operation
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
    else {
        return (Body::None, None);
    };
    let Some((kind, media)) = content.iter().next() else {
        return (Body::None, None);
    };
    let name = schema_name(media.get("schema"));
    let example = media
        .get("example")
        .cloned()
        .or_else(|| media.get("schema").map(|s| curl::example(s, schemas, 0)))
        .unwrap_or(Value::Null);
    if kind.contains("x-www-form-urlencoded") {
        (Body::Form(example), name)
    } else {
        (Body::Json(example), name)
    }
}

fn answers(operation: &Value, doc: &Value) -> String {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return String::new();
    };
    responses
        .iter()
        .map(|(status, answer)| {
            // A shared answer: look it up by name.
            let answer = answer
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
                .and_then(|name| doc.pointer(&format!("/components/responses/{name}")))
                .unwrap_or(answer);
            let shape = answer
                .get("content")
                .and_then(Value::as_object)
                .and_then(|content| content.values().next())
                .and_then(|media| schema_name(media.get("schema")))
                .map(|name| format!(" <code>{}</code>", escape(&name)))
                .unwrap_or_default();
            let headers = answer
                .get("headers")
                .and_then(Value::as_object)
                .map(|headers| {
                    headers
                        .keys()
                        .map(|name| format!(" <span class=\"api-header\">{}</span>", escape(name)))
                        .collect::<String>()
                })
                .unwrap_or_default();
            format!(
                "<li><strong>{}</strong>{shape}{headers} — {}</li>",
                escape(status),
                text(answer.get("description"))
            )
        })
        .collect()
}

fn operation(method: &str, path: &str, operation: &Value, doc: &Value) -> String {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let schemes: Vec<String> = operation
        .get("security")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .flat_map(|requirement| requirement.keys().cloned())
                .collect()
        })
        .unwrap_or_default();
    let method_upper = method.to_uppercase();
    let (body, request) = body(operation, &schemas);
    let lines: String = Way::accepted(&schemes)
        .into_iter()
        .map(|way| {
            format!(
                "<div class=\"api-way\"><span>{}</span><pre class=\"api-curl\" data-testid=\"curl\">{}</pre></div>",
                way.label(),
                escape(&curl::line(&method_upper, path, way, &body))
            )
        })
        .collect();
    let request = request
        .map(|name| format!("<p>Body: <code>{}</code></p>", escape(&name)))
        .unwrap_or_default();
    let id = format!(
        "{method}-{}",
        path.trim_start_matches('/').replace(['/', '.'], "-")
    );
    format!(
        "<section class=\"api-op\" id=\"{id}\" data-testid=\"api-op\"><h3><span class=\"api-method\">{method_upper}</span> <code>{}</code></h3>\
         <p>{}</p>{}{request}<ul class=\"api-answers\">{}</ul>{lines}</section>",
        escape(path),
        text(operation.get("summary")),
        operation
            .get("description")
            .and_then(Value::as_str)
            .map(|d| format!("<p class=\"hint\">{}</p>", escape(d)))
            .unwrap_or_default(),
        answers(operation, doc),
    )
}

/// The page for `doc`.
pub fn render(doc: &OpenApi) -> String {
    let doc = serde_json::to_value(doc).unwrap_or(Value::Null);
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
                .map(|tag| (text(tag.get("name")), text(tag.get("description"))))
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
            .map(|(path, method, op)| operation(method, path, op, &doc))
            .collect();
        if ops.is_empty() {
            continue;
        }
        contents.push_str(&format!("<li><a href=\"#tag-{tag}\">{tag}</a></li>"));
        sections.push_str(&format!(
            "<h2 id=\"tag-{tag}\">{tag}</h2><p>{about}</p>{ops}"
        ));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>authlab: the API</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/pkg/authlab.css"></head>
<body><main class="api-page">
<h1>{title} — the API</h1>
<p>{intro}</p>
<p>The same description as JSON: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {version}). The whole story in a terminal: <code>scripts/walkthrough.sh</code>.</p>
<h2>Before you start</h2>
<p>Log in the ways you want to try: each line is one scheme with one carrier. The lines below use what these keep: <code>$SID</code>, <code>$TOKEN</code>, and a cookie jar per cookie carrier (one jar for both would send a credential two ways, which the server refuses). curl runs in the server's own lab, not your browser's.</p>
<pre class="api-curl" data-testid="curl-start">{start}</pre>
<nav><ul class="api-contents">{contents}</ul></nav>
{sections}
</main></body></html>"#,
        title = text(doc.pointer("/info/title")),
        intro = text(doc.pointer("/info/description")),
        version = text(doc.get("openapi")),
        start = escape(START),
    )
}
