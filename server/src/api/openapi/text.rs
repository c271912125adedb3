//! The document's prose as HTML: escaped, with its two bits of Markdown — `code` and
//! *emphasis* — made into tags.

use serde_json::Value;

use crate::kit::html::escape;

/// `text`, escaped, with `` `…` `` as `<code>` and `*…*` as `<em>`.
pub fn inline(text: &str) -> String {
    let mut html = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`') else {
            break;
        };
        html.push_str(&emphasis(&rest[..open]));
        html.push_str("<code>");
        html.push_str(&escape(&rest[open + 1..open + 1 + close]));
        html.push_str("</code>");
        rest = &rest[open + 1 + close + 1..];
    }
    html.push_str(&emphasis(rest));
    html
}

/// A string field of the document (a summary, a description) as HTML.
pub fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .map(inline)
        .unwrap_or_default()
}

/// `*word*` (a star, then no space) as `<em>`; any other star stays a star.
fn emphasis(text: &str) -> String {
    let mut html = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('*') {
        let after = &rest[open + 1..];
        let close = after.find('*');
        match close {
            Some(close)
                if close > 0 && !after.starts_with(' ') && !after[..close].ends_with(' ') =>
            {
                html.push_str(&escape(&rest[..open]));
                html.push_str("<em>");
                html.push_str(&escape(&after[..close]));
                html.push_str("</em>");
                rest = &after[close + 1..];
            }
            _ => {
                html.push_str(&escape(&rest[..=open]));
                rest = after;
            }
        }
    }
    html.push_str(&escape(rest));
    html
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn code_and_emphasis_become_tags_and_the_rest_is_escaped() {
        assert_eq!(
            inline("a *carrier* sends `Authorization: Bearer <t>` & more"),
            "a <em>carrier</em> sends <code>Authorization: Bearer &lt;t&gt;</code> &amp; more"
        );
    }

    #[test]
    fn lone_marks_stay_as_they_are() {
        assert_eq!(inline("2 * 3 and `open"), "2 * 3 and `open");
        assert_eq!(inline("`<b>`"), "<code>&lt;b&gt;</code>");
    }
}
