//! One operation of the API page: what it takes, what it answers, and one curl line per way
//! its credential can travel (a login's are the start block's own, passed in).

use serde_json::{Map, Value};

use super::curl::{self, Body, Way};
use super::schemas::shape;
use super::text::{inline, text};
use crate::kit::html::escape;

/// The request body's example, its kind (JSON or a form), its type, and whether it may be
/// left out.
fn body(operation: &Value, components: &Map<String, Value>) -> (Body, Option<String>, bool) {
    let Some(request) = operation.get("requestBody") else {
        return (Body::None, None, false);
    };
    let optional = request.get("required") != Some(&Value::Bool(true));
    let Some((kind, media)) = request
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.iter().next())
    else {
        return (Body::None, None, optional);
    };
    let example = media
        .get("example")
        .cloned()
        .or_else(|| media.get("schema").map(|s| curl::example(s, components, 0)))
        .unwrap_or(Value::Null);
    let body = if kind.contains("x-www-form-urlencoded") {
        Body::Form(example)
    } else {
        Body::Json(example)
    };
    (body, shape(media.get("schema")), optional)
}

fn answers(operation: &Value) -> String {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return String::new();
    };
    responses
        .iter()
        .map(|(status, answer)| {
            // A shared answer: its name, linked to the list below.
            if let Some(name) = answer
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
            {
                let name = escape(name);
                return format!(
                    "<li><strong>{}</strong> <a href=\"#answer-{name}\">{name}</a></li>",
                    escape(status)
                );
            }
            format!(
                "<li><strong>{}</strong>{}{} — {}</li>",
                escape(status),
                returned(answer),
                headers(answer),
                text(answer.get("description"))
            )
        })
        .collect()
}

/// ` LoginAnswer` (linked), if the answer has a body.
pub fn returned(answer: &Value) -> String {
    answer
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.values().next())
        .and_then(|media| shape(media.get("schema")))
        .map(|shape| format!(" {shape}"))
        .unwrap_or_default()
}

pub fn headers(answer: &Value) -> String {
    answer
        .get("headers")
        .and_then(Value::as_object)
        .map(|headers| {
            headers
                .iter()
                .map(|(name, header)| {
                    format!(
                        " <span class=\"api-header\" title=\"{}\">{}</span>",
                        escape(
                            header
                                .get("description")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                        ),
                        escape(name)
                    )
                })
                .collect::<String>()
        })
        .unwrap_or_default()
}

fn way_line(label: &str, line: &str) -> String {
    format!(
        "<div class=\"api-way\"><span>{}</span><pre class=\"api-curl\" data-testid=\"curl\">{}</pre></div>",
        escape(label),
        escape(line)
    )
}

/// The section for `method path`; `logins` are its lines when it is a login.
pub fn render(
    method: &str,
    path: &str,
    operation: &Value,
    components: &Map<String, Value>,
    logins: &[(String, String)],
) -> String {
    let requirements: Vec<&Map<String, Value>> = operation
        .get("security")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let schemes: Vec<String> = requirements
        .iter()
        .flat_map(|requirement| requirement.keys().cloned())
        .collect();
    let anyone = requirements
        .iter()
        .any(|requirement| requirement.is_empty());
    let method_upper = method.to_uppercase();
    let (body, request, optional) = body(operation, components);
    let lines: String = if logins.is_empty() {
        Way::accepted(&schemes, anyone, optional)
            .into_iter()
            .map(|way| {
                let sent = if optional && !way.sends_optional_body() {
                    &Body::None
                } else {
                    &body
                };
                way_line(way.label(), &curl::line(&method_upper, path, way, sent))
            })
            .collect()
    } else {
        logins
            .iter()
            .map(|(label, line)| way_line(label, line))
            .collect()
    };
    let request = request
        .map(|shape| {
            let optional = if optional { " (optional)" } else { "" };
            format!("<p>Body{optional}: {shape}</p>")
        })
        .unwrap_or_default();
    let params: String = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|params| {
            params
                .iter()
                .map(|p| {
                    format!(
                        "<code>{}</code> {}",
                        escape(p.get("name").and_then(Value::as_str).unwrap_or("")),
                        text(p.get("description"))
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .filter(|line| !line.is_empty())
        .map(|line| format!("<p>Query: {line}</p>"))
        .unwrap_or_default();
    let id = format!(
        "{method}-{}",
        path.trim_start_matches('/').replace(['/', '.'], "-")
    );
    format!(
        "<section class=\"api-op\" id=\"{id}\" data-testid=\"api-op\"><h3><span class=\"api-method\">{method_upper}</span> <code>{}</code></h3>\
         <p>{}</p>{}{params}{request}<ul class=\"api-answers\">{}</ul>{lines}</section>",
        escape(path),
        text(operation.get("summary")),
        operation
            .get("description")
            .and_then(Value::as_str)
            .map(|d| format!("<p class=\"hint\">{}</p>", inline(d)))
            .unwrap_or_default(),
        answers(operation),
    )
}
