//! The curl line for one operation and one way its credential travels, as a learner types it
//! after logging in (the page's "before you start" block sets `$BASE`, `$SID`, `$TOKEN` and
//! the two cookie jars, `session.txt` and `jwt.txt`).

use serde_json::{json, Map, Value};

use super::schemes::{BEARER, JWT_COOKIE, REFRESH_COOKIE, SESSION_COOKIE, SESSION_HEADER};

/// One way to call: which credential, how it travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    Anonymous,
    SessionCookie,
    SessionHeader,
    Bearer,
    JwtCookie,
    /// The refresh token in the body: the JWT's header carrier, where no header is used.
    InBody,
}

impl Way {
    pub fn label(self) -> &'static str {
        match self {
            Way::Anonymous => "no credential",
            Way::SessionCookie => "session · cookie",
            Way::SessionHeader => "session · X-Session-Id",
            Way::Bearer => "JWT · Authorization: Bearer",
            Way::JwtCookie => "JWT · cookie",
            Way::InBody => "JWT · header carrier: the refresh token in the body",
        }
    }

    /// The ways an operation accepts, from its security scheme names; `anyone` when it also
    /// takes no credential, `optional_body` when its body may be left out (a refresh token
    /// comes in the cookie, or in the body).
    pub fn accepted(schemes: &[String], anyone: bool, optional_body: bool) -> Vec<Way> {
        let mut ways: Vec<Way> = [
            (SESSION_COOKIE, Way::SessionCookie),
            (SESSION_HEADER, Way::SessionHeader),
            (BEARER, Way::Bearer),
            (JWT_COOKIE, Way::JwtCookie),
            // The refresh cookie rides in the JWT cookie jar.
            (REFRESH_COOKIE, Way::JwtCookie),
        ]
        .into_iter()
        .filter(|(name, _)| schemes.iter().any(|s| s == name))
        .map(|(_, way)| way)
        .collect();
        ways.dedup();
        if anyone && optional_body {
            ways.push(Way::InBody);
        }
        if ways.is_empty() {
            ways.push(Way::Anonymous);
        }
        ways
    }

    /// Whether a body that may be left out is sent this way (not with a cookie carrier: the
    /// cookie already carries the credential, and both at once is ambiguous).
    pub fn sends_optional_body(self) -> bool {
        !matches!(self, Way::SessionCookie | Way::JwtCookie)
    }

    /// A cookie carrier keeps its own jar (one jar for both would send a credential two ways,
    /// which the server refuses as ambiguous); a header carrier needs none.
    fn args(self) -> &'static str {
        match self {
            Way::Anonymous | Way::InBody => "",
            Way::SessionCookie => " -b session.txt -c session.txt",
            Way::JwtCookie => " -b jwt.txt -c jwt.txt",
            Way::SessionHeader => r#" -H "X-Session-Id: $SID""#,
            Way::Bearer => r#" -H "Authorization: Bearer $TOKEN""#,
        }
    }
}

/// What the request sends, if anything.
pub enum Body {
    None,
    Json(Value),
    Form(Value),
}

/// The text as one shell word: in single quotes (a single quote inside becomes `'\''`), or,
/// when it names one of the page's variables (`$REFRESH`), in double quotes so it expands.
fn quoted(text: &str) -> String {
    let names_variable = ["$SID", "$TOKEN", "$REFRESH"]
        .iter()
        .any(|name| text.contains(name));
    if names_variable {
        let escaped: String = text
            .chars()
            .flat_map(|c| match c {
                '"' | '\\' | '`' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The line: `curl -s [-X POST] [credential] [body] "$BASE/path"`.
pub fn line(method: &str, path: &str, way: Way, body: &Body) -> String {
    let mut line = String::from("curl -s");
    if method != "GET" {
        line.push_str(" -X ");
        line.push_str(method);
    }
    line.push_str(way.args());
    match body {
        Body::None => {}
        Body::Json(value) => {
            line.push_str(" -H 'Content-Type: application/json' -d ");
            line.push_str(&quoted(&value.to_string()));
        }
        Body::Form(Value::Object(fields)) => {
            for (name, value) in fields {
                let value = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                line.push_str(" --data-urlencode ");
                line.push_str(&quoted(&format!("{name}={value}")));
            }
        }
        Body::Form(_) => {}
    }
    line.push_str(&format!(r#" "$BASE{path}""#));
    line
}

/// An example value for a schema: the one the description gives, else one built from the
/// type (`components` resolves `$ref`s; `depth` stops recursive shapes).
pub fn example(schema: &Value, components: &Map<String, Value>, depth: usize) -> Value {
    if depth > 6 {
        return Value::Null;
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(Value::String(reference)) = schema.get("$ref") {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return components
            .get(name)
            .map_or(Value::Null, |schema| example(schema, components, depth + 1));
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(options)) = schema.get(key) {
            let first = options
                .iter()
                .find(|option| option.get("type") != Some(&json!("null")));
            return first.map_or(Value::Null, |option| example(option, components, depth + 1));
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").cloned(),
        other => other.cloned(),
    };
    match kind.as_ref().and_then(Value::as_str) {
        Some("object") => {
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut object = Map::new();
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, property) in properties {
                    if required.contains(&name.as_str()) {
                        object.insert(name.clone(), example(property, components, depth + 1));
                    }
                }
            }
            Value::Object(object)
        }
        Some("array") => Value::Array(vec![]),
        Some("string") => json!("…"),
        Some("integer") | Some("number") => json!(0),
        Some("boolean") => json!(false),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_way_adds_its_credential() {
        let body = Body::Json(json!({"handle": "a1b2c3"}));
        assert_eq!(
            line("POST", "/api/session/kill", Way::SessionHeader, &body),
            r#"curl -s -X POST -H "X-Session-Id: $SID" -H 'Content-Type: application/json' -d '{"handle":"a1b2c3"}' "$BASE/api/session/kill""#
        );
        assert_eq!(
            line("GET", "/api/jwt/me", Way::Bearer, &Body::None),
            r#"curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/jwt/me""#
        );
        assert_eq!(
            line("GET", "/api/jwt/me", Way::JwtCookie, &Body::None),
            r#"curl -s -b jwt.txt -c jwt.txt "$BASE/api/jwt/me""#
        );
    }

    #[test]
    fn a_body_naming_a_variable_lets_the_shell_expand_it() {
        let body = Body::Json(json!({"refresh_token": "$REFRESH"}));
        assert!(line("POST", "/x", Way::InBody, &body)
            .contains(r#"-d "{\"refresh_token\":\"$REFRESH\"}""#));
    }

    #[test]
    fn quotes_in_a_body_survive_the_shell() {
        let body = Body::Json(json!({"note": "it's"}));
        assert!(line("POST", "/x", Way::Anonymous, &body).contains(r#"-d '{"note":"it'\''s"}'"#));
        let form = Body::Form(json!({"to": "mallory", "amount": 100}));
        assert!(line("POST", "/x", Way::Anonymous, &form)
            .ends_with(r#"--data-urlencode 'amount=100' --data-urlencode 'to=mallory' "$BASE/x""#));
    }

    #[test]
    fn the_ways_follow_the_security_schemes() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Way::accepted(&[], false, false), vec![Way::Anonymous]);
        let all = names(&[BEARER, JWT_COOKIE, SESSION_COOKIE, SESSION_HEADER]);
        assert_eq!(
            Way::accepted(&all, false, false),
            vec![
                Way::SessionCookie,
                Way::SessionHeader,
                Way::Bearer,
                Way::JwtCookie
            ]
        );
        // A refresh: the cookie, or the token in the body.
        assert_eq!(
            Way::accepted(&names(&[REFRESH_COOKIE]), true, true),
            vec![Way::JwtCookie, Way::InBody]
        );
        // Log out of a session: with a session; logging out with none needs no line.
        assert_eq!(
            Way::accepted(&names(&[SESSION_COOKIE]), true, false),
            vec![Way::SessionCookie]
        );
    }

    #[test]
    fn examples_follow_refs_enums_and_required_fields() {
        let components = json!({
            "Carrier": {"type": "string", "enum": ["cookie", "header"]},
            "Credentials": {"type": "object", "required": ["username", "carrier"],
                "properties": {"username": {"type": "string", "example": "alice"},
                    "carrier": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Carrier"}]},
                    "note": {"type": "string"}}}
        });
        let components = components.as_object().unwrap();
        let schema = json!({"$ref": "#/components/schemas/Credentials"});
        assert_eq!(
            example(&schema, components, 0),
            json!({"username": "alice", "carrier": "cookie"})
        );
    }
}
