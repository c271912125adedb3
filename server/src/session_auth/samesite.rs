//! The CSRF lab's `SameSite=None` switch: while it is on, the session cookie goes out as
//! `SameSite=None; Secure` (rewritten in `carrier.rs`), so a browser sends it with other sites'
//! requests too. (Browsers
//! accept `Secure` cookies from `http://localhost` and `127.0.0.1`, which count as secure.)

/// `SameSite=Lax` becomes `SameSite=None`, which browsers take only with `Secure`.
pub(super) fn samesite_none(cookie: &str) -> String {
    let mut parts: Vec<&str> = cookie
        .split(';')
        .map(str::trim)
        .filter(|part| !part.to_ascii_lowercase().starts_with("samesite"))
        .collect();
    parts.push("SameSite=None");
    if !parts.iter().any(|part| part.eq_ignore_ascii_case("secure")) {
        parts.push("Secure");
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lax_becomes_none_and_secure_once() {
        let out = samesite_none("s=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=60");
        assert_eq!(
            out,
            "s=abc; HttpOnly; Path=/; Max-Age=60; SameSite=None; Secure"
        );
        let secure = samesite_none("s=abc; Secure; SameSite=Lax");
        assert_eq!(secure.matches("Secure").count(), 1);
    }
}
