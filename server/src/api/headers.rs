//! Reading credentials out of request headers, in one place: the `Authorization` header's
//! bearer token and a named cookie. Values are borrowed, never copied or logged.

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;

/// What the `Authorization` header holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authorization<'a> {
    Missing,
    /// Bytes outside visible ASCII: unreadable.
    NotAscii,
    /// Another scheme than `Bearer` (`Basic …`, or no scheme at all).
    OtherScheme,
    /// `Bearer <token>` (the scheme in any case), the token trimmed.
    Bearer(&'a str),
}

pub fn authorization(headers: &HeaderMap) -> Authorization<'_> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Authorization::Missing;
    };
    let Ok(value) = value.to_str() else {
        return Authorization::NotAscii;
    };
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Authorization::Bearer(token.trim())
        }
        _ => Authorization::OtherScheme,
    }
}

/// The bearer token of the `Authorization` header, if it holds one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    match authorization(headers) {
        Authorization::Bearer(token) => Some(token),
        _ => None,
    }
}

/// Every value of the cookie `name` the request carries (in every `Cookie` header), in order.
pub fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(move |pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// The first value of the cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &'a str) -> Option<&'a str> {
    cookies(headers, name).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_the_token_trimmed() {
        let h = headers(&[("authorization", "bEaReR  abc.def.ghi ")]);
        assert_eq!(authorization(&h), Authorization::Bearer("abc.def.ghi"));
        assert_eq!(bearer(&h), Some("abc.def.ghi"));
        let basic = headers(&[("authorization", "Basic YWxpY2U6eA==")]);
        assert_eq!(authorization(&basic), Authorization::OtherScheme);
        assert_eq!(authorization(&headers(&[])), Authorization::Missing);
        let mut odd = HeaderMap::new();
        odd.insert(
            AUTHORIZATION,
            axum::http::HeaderValue::from_bytes(b"Bearer \xff").unwrap(),
        );
        assert_eq!(authorization(&odd), Authorization::NotAscii);
    }

    #[test]
    fn a_cookie_is_found_by_its_exact_name_in_any_cookie_header() {
        let h = headers(&[
            ("cookie", "theme=dark; authlab_session_old=x"),
            ("cookie", "authlab_session=xyz123; authlab_session=second"),
        ]);
        assert_eq!(cookie(&h, "authlab_session"), Some("xyz123"));
        assert_eq!(
            cookies(&h, "authlab_session").collect::<Vec<_>>(),
            ["xyz123", "second"]
        );
        assert_eq!(cookie(&h, "missing"), None);
    }
}
