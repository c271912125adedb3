//! A JWT decoder written for the page: base64url and JSON by hand (jsonwebtoken in wasm would
//! cost ~400 KB). It *reads* a token — header, payload, signature — and, for a broken one, says
//! what it could read and where it broke. It never verifies: only the server can.

use serde_json::{Map, Value};

/// One dot-separated segment as decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// The base64url text as it appears in the token.
    pub raw: String,
    /// The decoded JSON object (header and payload only).
    pub json: Option<Map<String, Value>>,
    /// The decoded bytes' length.
    pub bytes: usize,
    /// Why this segment could not be read, if it could not.
    pub problem: Option<String>,
}

/// What the decoder made of a token.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub header: Option<Segment>,
    pub payload: Option<Segment>,
    pub signature: Option<Segment>,
    /// A problem with the token as a whole (wrong number of segments, empty input).
    pub problem: Option<String>,
}

impl Decoded {
    /// True when all three segments were read without a problem.
    pub fn readable(&self) -> bool {
        self.problem.is_none()
            && [&self.header, &self.payload, &self.signature]
                .iter()
                .all(|s| s.as_ref().is_some_and(|s| s.problem.is_none()))
    }

    /// A claim of the payload, if it was read.
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.payload.as_ref()?.json.as_ref()?.get(name)
    }

    /// A header field, if it was read.
    pub fn header_field(&self, name: &str) -> Option<&Value> {
        self.header.as_ref()?.json.as_ref()?.get(name)
    }

    /// Every problem found, first to last.
    pub fn problems(&self) -> Vec<String> {
        let mut all: Vec<String> = self.problem.iter().cloned().collect();
        for (name, segment) in [
            ("header", &self.header),
            ("payload", &self.payload),
            ("signature", &self.signature),
        ] {
            if let Some(problem) = segment.as_ref().and_then(|s| s.problem.as_ref()) {
                all.push(format!("{name}: {problem}"));
            }
        }
        all
    }
}

/// Decodes what can be decoded of `token`.
pub fn decode(token: &str) -> Decoded {
    let token = token.trim();
    if token.is_empty() {
        return Decoded {
            header: None,
            payload: None,
            signature: None,
            problem: Some("empty: nothing to decode".to_owned()),
        };
    }
    let parts: Vec<&str> = token.split('.').collect();
    let problem = (parts.len() != 3).then(|| {
        format!(
            "a JWT has 3 segments separated by dots; this one has {}",
            parts.len()
        )
    });
    let json_segment = |raw: &str| {
        let mut segment = Segment {
            raw: raw.to_owned(),
            json: None,
            bytes: 0,
            problem: None,
        };
        match base64url_decode(raw) {
            Err(err) => segment.problem = Some(err),
            Ok(bytes) => {
                segment.bytes = bytes.len();
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(Value::Object(map)) => segment.json = Some(map),
                    Ok(_) => segment.problem = Some("JSON, but not an object".to_owned()),
                    Err(err) => segment.problem = Some(format!("not JSON: {err}")),
                }
            }
        }
        segment
    };
    let signature = parts.get(2).map(|raw| {
        let decoded = base64url_decode(raw);
        Segment {
            raw: (*raw).to_owned(),
            json: None,
            bytes: decoded.as_ref().map(Vec::len).unwrap_or(0),
            problem: match decoded {
                Err(err) => Some(err),
                Ok(bytes) if bytes.is_empty() => Some("empty: the token is unsigned".to_owned()),
                Ok(_) => None,
            },
        }
    });
    Decoded {
        header: parts.first().map(|raw| json_segment(raw)),
        payload: parts.get(1).map(|raw| json_segment(raw)),
        signature,
        problem,
    }
}

/// Unpadded base64url (RFC 4648 §5), as JWTs use it. Padding and other alphabets are refused.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    if text.len() % 4 == 1 {
        return Err(format!(
            "not base64url: {} characters cannot be a whole number of bytes (cut short?)",
            text.len()
        ));
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for (index, ch) in text.chars().enumerate() {
        let value = match ch {
            'A'..='Z' => ch as u32 - 'A' as u32,
            'a'..='z' => ch as u32 - 'a' as u32 + 26,
            '0'..='9' => ch as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            other => {
                return Err(format!(
                    "not base64url: {other:?} at position {index} is outside A–Z a–z 0–9 - _"
                ))
            }
        };
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// Unpadded base64url, as JWTs use it (to build the forged tokens of the attack steps).
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// `token` with one payload claim replaced and the original signature kept: what an attacker
/// who edits a token sends. `None` when the payload cannot be read.
pub fn with_claim(token: &str, claim: &str, value: Value) -> Option<String> {
    let (header, rest) = token.split_once('.')?;
    let (payload, signature) = rest.split_once('.')?;
    let mut claims: Map<String, Value> =
        serde_json::from_slice(&base64url_decode(payload).ok()?).ok()?;
    claims.insert(claim.to_owned(), value);
    let payload = base64url_encode(serde_json::to_string(&claims).ok()?.as_bytes());
    Some(format!("{header}.{payload}.{signature}"))
}

/// `token` re-headed with `alg: none` and no signature.
pub fn unsigned(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let header = base64url_encode(br#"{"alg":"none","typ":"at+jwt"}"#);
    Some(format!("{header}.{payload}."))
}

/// What a registered (or authlab) claim means, for the page.
pub fn explain_claim(name: &str) -> &'static str {
    match name {
        "sub" => "subject: whom the token is about",
        "role" => "role: what the subject may do (authlab's own claim)",
        "iat" => "issued at",
        "nbf" => "not before: refused until then",
        "exp" => "expires: refused after then (plus the server's leeway)",
        "iss" => "issuer: who signed it",
        "aud" => "audience: who should accept it",
        "jti" => "token id: what revocation names",
        "token_use" => "access or refresh: a refresh token is never accepted as an access token",
        "fam" => "refresh family: every rotation of one login",
        "rights_version" => {
            "the user's rights when signed: the per-user check refuses an older one"
        }
        "scope" => "what another app was granted: a delegated token can do only this",
        "client_id" => "the app this delegated token was issued to",
        "alg" => "signing algorithm: the server accepts only its own",
        "typ" => "token type: at+jwt (access) or refresh+jwt",
        "kid" => "key id: which of the server's keys signed it",
        _ => "",
    }
}

/// Where a field sits when shown: the registered order first, anything else after, by name.
pub fn display_rank(name: &str) -> usize {
    const ORDER: [&str; 13] = [
        "alg",
        "typ",
        "kid",
        "sub",
        "role",
        "iss",
        "aud",
        "iat",
        "nbf",
        "exp",
        "jti",
        "token_use",
        "fam",
    ];
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

/// Claims that hold unix times.
pub fn is_time_claim(name: &str) -> bool {
    matches!(name, "iat" | "nbf" | "exp")
}

#[cfg(test)]
mod tests {
    use super::*;

    // {"alg":"HS256","typ":"at+jwt","kid":"k1"} . {"sub":"alice","exp":1700000000} . sig
    const GOOD: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVz";

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        for (encoded, plain) in [
            ("", ""),
            ("Zg", "f"),
            ("Zm8", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg", "foob"),
            ("Zm9vYmE", "fooba"),
            ("Zm9vYmFy", "foobar"),
        ] {
            assert_eq!(base64url_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
    }

    #[test]
    fn base64url_refuses_padding_other_alphabets_and_impossible_lengths() {
        assert!(base64url_decode("Zg==").unwrap_err().contains("'='"));
        assert!(base64url_decode("a+b/").unwrap_err().contains("'+'"));
        assert!(base64url_decode("Zm9vY").unwrap_err().contains("cut short"));
    }

    #[test]
    fn a_good_token_decodes_into_three_parts() {
        let decoded = decode(GOOD);
        assert!(decoded.readable(), "{:?}", decoded.problems());
        assert_eq!(decoded.header_field("alg").unwrap(), "HS256");
        assert_eq!(decoded.claim("sub").unwrap(), "alice");
        assert_eq!(decoded.claim("exp").unwrap(), 1_700_000_000);
        let signature = decoded.signature.unwrap();
        assert_eq!(signature.bytes, "signature-bytes".len());
    }

    #[test]
    fn a_broken_token_says_what_it_read_and_where_it_broke() {
        // The payload cut short: the header still reads.
        let cut = &GOOD[..60];
        let decoded = decode(cut);
        assert_eq!(decoded.header_field("kid").unwrap(), "k1");
        assert!(!decoded.readable());
        assert!(
            decoded.problems()[0].contains("3 segments"),
            "{:?}",
            decoded.problems()
        );
        // A payload that is not JSON.
        let decoded = decode("eyJhbGciOiJub25lIn0.bm90IGpzb24.");
        assert_eq!(decoded.header_field("alg").unwrap(), "none");
        let problems = decoded.problems();
        assert!(
            problems.iter().any(|p| p.starts_with("payload: not JSON")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("unsigned")),
            "{problems:?}"
        );
        // Not a token at all.
        assert!(decode("  ").problems()[0].contains("empty"));
        assert!(!decode("a.b.c.d").readable());
    }

    #[test]
    fn base64url_round_trips_and_forged_tokens_keep_what_they_should() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "\u{fb}\u{ff}",
        ] {
            assert_eq!(
                base64url_decode(&base64url_encode(text.as_bytes())).unwrap(),
                text.as_bytes()
            );
        }
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        let edited = with_claim(GOOD, "sub", Value::from("mallory")).unwrap();
        let decoded = decode(&edited);
        assert_eq!(decoded.claim("sub").unwrap(), "mallory");
        assert_eq!(
            edited.rsplit('.').next(),
            GOOD.rsplit('.').next(),
            "the signature is kept"
        );
        let none = decode(&unsigned(GOOD).unwrap());
        assert_eq!(none.header_field("alg").unwrap(), "none");
        assert_eq!(none.claim("sub").unwrap(), "alice");
        assert!(none
            .signature
            .unwrap()
            .problem
            .unwrap()
            .contains("unsigned"));
    }

    #[test]
    fn claims_are_explained() {
        for claim in [
            "sub",
            "role",
            "iat",
            "nbf",
            "exp",
            "iss",
            "aud",
            "jti",
            "token_use",
            "rights_version",
            "scope",
            "client_id",
        ] {
            assert!(!explain_claim(claim).is_empty(), "{claim}");
        }
        assert!(is_time_claim("exp") && !is_time_claim("sub"));
        assert!(display_rank("sub") < display_rank("exp"));
        assert!(display_rank("exp") < display_rank("custom"));
    }
}
