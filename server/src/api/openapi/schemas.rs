//! The API page's last part: every request and answer type, its fields and their types, each
//! a `<details>` an operation links to by name (`#schema-LoginAnswer`).

use serde_json::Value;

use super::text::inline;
use crate::kit::html::escape;

/// A link to a schema by name.
pub fn link(name: &str) -> String {
    let name = escape(name);
    format!("<a href=\"#schema-{name}\"><code>{name}</code></a>")
}

/// A schema's type as one short line: `string`, `[TraceEntry]`, `Carrier?`, `"a" | "b"`.
pub fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return link(reference.rsplit('/').next().unwrap_or_default());
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let null = options
                .iter()
                .any(|o| o.get("type") == Some(&Value::from("null")));
            let types: Vec<String> = options
                .iter()
                .filter(|o| o.get("type") != Some(&Value::from("null")))
                .map(type_of)
                .collect();
            let joined = types.join(" | ");
            return if null { format!("{joined}?") } else { joined };
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        return all.iter().map(type_of).collect::<Vec<_>>().join(" & ");
    }
    let (kind, null) = match schema.get("type") {
        Some(Value::Array(kinds)) => (
            kinds.iter().find(|k| *k != "null").and_then(Value::as_str),
            kinds.iter().any(|k| k == "null"),
        ),
        Some(kind) => (kind.as_str(), false),
        None => (None, false),
    };
    let base = match kind {
        Some("array") => format!("[{}]", schema.get("items").map(type_of).unwrap_or_default()),
        Some(kind) => kind.to_owned(),
        None => "any".to_owned(),
    };
    if null {
        format!("{base}?")
    } else {
        base
    }
}

/// A body's or answer's type, linked: `LoginAnswer`, `[TraceEntry]`.
pub fn shape(schema: Option<&Value>) -> Option<String> {
    let schema = schema?;
    if schema.get("$ref").is_some() || schema.get("items").is_some() {
        return Some(type_of(schema));
    }
    schema.get("type").map(|_| type_of(schema))
}

fn fields(schema: &Value) -> String {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return format!("<p>{}</p>", type_of(schema));
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rows: String = properties
        .iter()
        .map(|(name, property)| {
            format!(
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                if required.contains(&name.as_str()) {
                    ""
                } else {
                    " (optional)"
                },
                type_of(property),
                inline(
                    property
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                ),
            )
        })
        .collect();
    format!("<table class=\"store-table\"><tbody>{rows}</tbody></table>")
}

/// Every schema of the document, by name.
pub fn section(doc: &Value) -> String {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return String::new();
    };
    schemas
        .iter()
        .map(|(name, schema)| {
            let about = schema
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!(" — {}", inline(d)))
                .unwrap_or_default();
            format!(
                "<details class=\"api-schema\" id=\"schema-{name}\"><summary><code>{name}</code>{about}</summary>{}</details>",
                fields(schema),
                name = escape(name),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::type_of;

    #[test]
    fn types_read_as_one_line() {
        assert_eq!(type_of(&json!({"type": ["string", "null"]})), "string?");
        assert_eq!(
            type_of(&json!({"type": "array", "items": {"$ref": "#/components/schemas/Check"}})),
            "[<a href=\"#schema-Check\"><code>Check</code></a>]"
        );
        assert_eq!(
            type_of(
                &json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Carrier"}]})
            ),
            "<a href=\"#schema-Carrier\"><code>Carrier</code></a>?"
        );
        assert_eq!(
            type_of(&json!({"type": "string", "enum": ["cookie", "header"]})),
            "<code>&quot;cookie&quot;</code> | <code>&quot;header&quot;</code>"
        );
    }
}
