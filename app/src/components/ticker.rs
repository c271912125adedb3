//! A clock signal that ticks every second in the browser, for live countdowns.

use std::time::Duration;

use leptos::prelude::*;

use crate::time_fmt::browser_now_ms;

/// Browser milliseconds, updated once a second after hydration (0 on the server).
pub fn use_ticker() -> ReadSignal<f64> {
    let (now, set_now) = signal(0.0);
    Effect::new(move |_| {
        set_now.set(browser_now_ms());
        if let Ok(handle) = set_interval_with_handle(
            move || set_now.set(browser_now_ms()),
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    now
}
