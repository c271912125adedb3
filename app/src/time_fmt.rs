//! Showing times: a countdown as text, and unix seconds as the viewer's local time.

/// `1:05:09`, `29:59`, `0:07`; "expired" at or below zero.
pub fn countdown(seconds: i64) -> String {
    if seconds <= 0 {
        return "expired".to_owned();
    }
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Local wall-clock time of unix seconds, e.g. `14:03:27`. Browser only (it asks the JS engine).
pub fn local_time(unix_seconds: i64) -> String {
    let date = js_sys::Date::new(&(unix_seconds as f64 * 1000.0).into());
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// Milliseconds since the epoch on this browser's clock. Browser only.
pub fn browser_now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_naturally() {
        assert_eq!(countdown(30 * 60), "30:00");
        assert_eq!(countdown(29 * 60 + 59), "29:59");
        assert_eq!(countdown(7), "0:07");
        assert_eq!(countdown(3 * 3600 + 5 * 60 + 9), "3:05:09");
        assert_eq!(countdown(0), "expired");
        assert_eq!(countdown(-5), "expired");
    }
}
