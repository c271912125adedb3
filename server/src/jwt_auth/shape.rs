//! The token's shape, checked before any key is used: its size, three base64url segments, and
//! a header and payload that are JSON objects.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::{self, Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::refused::{Reason, Refused, Step};

/// Longer tokens are refused before any parsing.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

pub(super) fn size(token: &str) -> Step {
    if token.len() > MAX_TOKEN_BYTES {
        let message = format!(
            "{} bytes: tokens over {MAX_TOKEN_BYTES} are refused unread",
            token.len()
        );
        return Err(Refused::new(Reason::TooLarge, message));
    }
    Ok(((), format!("{} bytes", token.len())))
}

/// Exactly three base64url segments, header and payload JSON objects: the header and the
/// signature's length. The payload is only checked to be an object here (jsonwebtoken reads its
/// claims next), without building it.
pub(super) fn structure(token: &str) -> Step<(Map<String, Value>, usize)> {
    let malformed = |message: String| Refused::new(Reason::Malformed, message);
    let mut segments = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(malformed(format!(
            "a JWT has 3 segments separated by dots; this one has {}",
            token.split('.').count()
        )));
    };
    let decode = |segment: &str, name: &str| {
        URL_SAFE_NO_PAD.decode(segment).map_err(|err| {
            let reason = if name == "signature" {
                Reason::BadSignature
            } else {
                Reason::Malformed
            };
            Refused::new(reason, format!("the {name} is not base64url: {err}"))
        })
    };
    let (header, payload, signature) = (
        decode(header, "header")?,
        decode(payload, "payload")?,
        decode(signature, "signature")?,
    );
    let header = serde_json::from_slice::<Map<String, Value>>(&header)
        .map_err(|err| malformed(format!("the header is not a JSON object: {err}")))?;
    serde_json::from_slice::<AnyObject>(&payload)
        .map_err(|err| malformed(format!("the payload is not a JSON object: {err}")))?;
    let signature_len = signature.len();
    Ok((
        (header, signature_len),
        format!("3 segments · {signature_len} B signature"),
    ))
}

/// Any JSON object, read through and thrown away (no allocation for its contents).
struct AnyObject;

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = AnyObject;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<AnyObject, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(AnyObject)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}
