//! The session cookie: its attributes (from the settings), how the page is told about them,
//! and the complete removal cookie sent at logout instead of tower-sessions' bare one.

use app::api::session::CookieView;
use axum::http::HeaderValue;
use tower_sessions::cookie::SameSite as CookieSameSite;
use tower_sessions::session::Id;
use tower_sessions::{Expiry, SessionManagerLayer};

use super::record::store_lifetime;
use super::sessions::Sessions;
use super::store::LabStore;
use crate::base::settings::SessionSettings;
use crate::guard::policy::SameSite;
use crate::kit::handles::hashed;

/// The session layer: signed cookie (so a forged or garbled cookie is simply no session),
/// HttpOnly, SameSite=Lax, Path=/, Secure and `__Host-` when configured.
pub fn session_layer(
    sessions: &Sessions,
) -> SessionManagerLayer<LabStore, tower_sessions::service::SignedCookie> {
    let settings = sessions.settings();
    SessionManagerLayer::new(sessions.store().clone())
        .with_name(settings.cookie_name())
        .with_http_only(true)
        .with_same_site(CookieSameSite::Lax)
        .with_path("/")
        .with_secure(settings.secure_cookie)
        .with_expiry(Expiry::OnInactivity(store_lifetime(settings)))
        // The signing key is 64 bytes derived from the stored secret (which may be 32 or more).
        .with_signed(sessions.signing_key())
}

/// The attributes the server sets, for the page's "browser holds" panel.
pub fn cookie_view(settings: &SessionSettings, samesite: SameSite) -> CookieView {
    let samesite_none = samesite == SameSite::None;
    let samesite = if samesite_none { "None" } else { "Lax" };
    let mut attributes = vec![
        "HttpOnly".to_owned(),
        format!("SameSite={samesite}"),
        "Path=/".to_owned(),
        format!("Max-Age={}", store_lifetime(settings).whole_seconds()),
    ];
    if settings.secure_cookie || samesite_none {
        attributes.push("Secure".to_owned());
    }
    CookieView {
        name: settings.cookie_name().to_owned(),
        attributes,
    }
}

/// A short handle of a session id: enough to tell sessions apart, useless to replay.
pub fn handle(id: &Id) -> String {
    hashed(id.to_string().as_bytes(), 5)
}

/// A live session's cookie as tower-sessions sets it after a write: the same (signed) value the
/// browser sent, its Max-Age counted again from now. None for a value no header could carry.
pub(super) fn live_cookie(settings: &SessionSettings, value: &str) -> Option<HeaderValue> {
    let secure = if settings.secure_cookie {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{}={value}; HttpOnly; SameSite=Lax{secure}; Path=/; Max-Age={}",
        settings.cookie_name(),
        store_lifetime(settings).whole_seconds()
    );
    HeaderValue::from_str(&text).ok()
}

/// tower-sessions' removal cookie carries only `Path`; a browser ignores a removal of a
/// `__Host-`/`Secure` cookie that lacks `Secure`. `carrier.rs` replaces it with this one.
pub(super) fn is_removal(cookie: &HeaderValue) -> bool {
    cookie
        .to_str()
        .map(|text| text.contains("Max-Age=0"))
        .unwrap_or(false)
}

/// The removal cookie with every attribute the cookie was set with.
pub(super) fn removal_cookie(settings: &SessionSettings) -> HeaderValue {
    let secure = if settings.secure_cookie {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax{secure}",
        settings.cookie_name()
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_short_stable_and_differ() {
        let a = handle(&Id(1));
        assert_eq!(a.len(), 10);
        assert_eq!(a, handle(&Id(1)));
        assert_ne!(a, handle(&Id(2)));
        assert!(!a.contains(&Id(1).to_string()));
    }

    #[test]
    fn a_live_cookie_goes_out_as_tower_sessions_sets_it() {
        let settings = SessionSettings::default();
        let cookie = live_cookie(&settings, "abc.sig").unwrap();
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("authlab_session=abc.sig; HttpOnly; SameSite=Lax; Path=/"));
        assert!(text.ends_with(&format!(
            "Max-Age={}",
            store_lifetime(&settings).whole_seconds()
        )));
        assert!(
            live_cookie(&settings, "a\nb").is_none(),
            "no header can carry it"
        );
    }

    #[test]
    fn the_removal_cookie_for_a_secure_cookie_is_secure() {
        let settings = SessionSettings {
            secure_cookie: true,
            ..SessionSettings::default()
        };
        let cookie = removal_cookie(&settings);
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("__Host-authlab_session=;"));
        assert!(text.contains("; Secure") && text.contains("Path=/") && text.contains("Max-Age=0"));
    }
}
