//! The JWT scheme's cookie carrier: the access token in an HttpOnly cookie for every API path,
//! the refresh token in another scoped to the narrowest path that refresh, logout and family
//! need (`/api/jwt`). Page script can read neither. A token that would not fit the browser's
//! ~4 KB per cookie is refused here with a clear error instead of being dropped by the browser.
//!
//! With secure cookies the names take the `__Secure-` prefix: `__Host-` demands `Path=/`, which
//! the path-scoped cookies cannot have.

use app::api::jwt::{SetCookieView, TokenPair, ACCESS_COOKIE, REFRESH_COOKIE};
use axum::http::{HeaderValue, StatusCode};

use crate::api::error::ApiError;
use crate::base::settings::JwtSettings;
use crate::guard::policy::SameSite;

/// What browsers keep of one cookie at most (name, value and attributes): RFC 6265 asks for
/// at least 4096 bytes, and that is what they give.
pub const MAX_COOKIE_BYTES: usize = 4096;
const ACCESS_PATH: &str = "/api";
const REFRESH_PATH: &str = "/api/jwt";

pub fn access_name(settings: &JwtSettings) -> &'static str {
    if settings.secure_cookie {
        "__Secure-authlab_jwt"
    } else {
        ACCESS_COOKIE
    }
}

pub fn refresh_name(settings: &JwtSettings) -> &'static str {
    if settings.secure_cookie {
        "__Secure-authlab_jwt_refresh"
    } else {
        REFRESH_COOKIE
    }
}

/// The attributes after the value, as sent and as the page is told.
fn attributes(settings: &JwtSettings, samesite: SameSite, path: &str, max_age: i64) -> Vec<String> {
    let mut attributes = vec![
        "HttpOnly".to_owned(),
        match samesite {
            SameSite::Lax => "SameSite=Lax".to_owned(),
            SameSite::None => "SameSite=None".to_owned(),
        },
        format!("Path={path}"),
        format!("Max-Age={max_age}"),
    ];
    if settings.secure_cookie || samesite == SameSite::None {
        attributes.push("Secure".to_owned());
    }
    attributes
}

fn set_cookie(
    name: &str,
    value: &str,
    attributes: Vec<String>,
) -> Result<(HeaderValue, SetCookieView), ApiError> {
    let text = format!("{name}={value}; {}", attributes.join("; "));
    if text.len() > MAX_COOKIE_BYTES {
        return Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!(
                "the {name} cookie would be {} bytes: a browser keeps at most {MAX_COOKIE_BYTES} per cookie and would drop it; log in with the header carrier",
                text.len()
            ),
        });
    }
    let header = HeaderValue::from_str(&text).map_err(ApiError::internal)?;
    let view = SetCookieView {
        name: name.to_owned(),
        attributes,
        bytes: text.len(),
    };
    Ok((header, view))
}

/// The two cookies that carry `pair`: what to send, and what to tell the page.
pub fn pair_cookies(
    settings: &JwtSettings,
    samesite: SameSite,
    pair: &TokenPair,
) -> Result<Vec<(HeaderValue, SetCookieView)>, ApiError> {
    let access = attributes(settings, samesite, ACCESS_PATH, pair.expires_in);
    let refresh_age = settings.refresh_ttl.whole_seconds();
    let refresh = attributes(settings, samesite, REFRESH_PATH, refresh_age);
    Ok(vec![
        set_cookie(access_name(settings), &pair.access_token, access)?,
        set_cookie(refresh_name(settings), &pair.refresh_token, refresh)?,
    ])
}

/// Removal cookies for both, with the attributes they were set with.
pub fn removal_cookies(settings: &JwtSettings) -> Vec<HeaderValue> {
    [
        (access_name(settings), ACCESS_PATH),
        (refresh_name(settings), REFRESH_PATH),
    ]
    .into_iter()
    .filter_map(|(name, path)| {
        let secure = if settings.secure_cookie { "; Secure" } else { "" };
        let text = format!(
            "{name}=; HttpOnly; SameSite=Lax; Path={path}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT{secure}"
        );
        HeaderValue::from_str(&text).ok()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(access: &str) -> TokenPair {
        TokenPair {
            access_token: access.to_owned(),
            refresh_token: "r.r.r".to_owned(),
            token_type: "Bearer".to_owned(),
            expires_in: 300,
        }
    }

    #[test]
    fn the_cookies_are_http_only_path_scoped_and_secure_when_asked() {
        let plain = JwtSettings::default();
        let cookies = pair_cookies(&plain, SameSite::Lax, &pair("a.b.c")).unwrap();
        let access = cookies[0].0.to_str().unwrap();
        assert_eq!(
            access,
            "authlab_jwt=a.b.c; HttpOnly; SameSite=Lax; Path=/api; Max-Age=300"
        );
        let refresh = cookies[1].0.to_str().unwrap();
        assert!(
            refresh.starts_with("authlab_jwt_refresh=r.r.r;") && refresh.contains("Path=/api/jwt;")
        );
        assert_eq!(cookies[0].1.bytes, access.len());
        let secure = JwtSettings {
            secure_cookie: true,
            ..JwtSettings::default()
        };
        let cookies = pair_cookies(&secure, SameSite::None, &pair("a.b.c")).unwrap();
        let access = cookies[0].0.to_str().unwrap();
        assert!(
            access.starts_with("__Secure-authlab_jwt=")
                && access.ends_with("SameSite=None; Path=/api; Max-Age=300; Secure")
        );
        assert!(removal_cookies(&secure)
            .iter()
            .all(|c| c.to_str().unwrap().contains("Max-Age=0")
                && c.to_str().unwrap().ends_with("; Secure")));
    }

    #[test]
    fn a_token_too_big_for_a_cookie_is_refused_with_a_reason() {
        let big = "x".repeat(MAX_COOKIE_BYTES);
        let err = pair_cookies(&JwtSettings::default(), SameSite::Lax, &pair(&big)).unwrap_err();
        assert!(err.to_string().contains("at most 4096"), "{err}");
    }
}
