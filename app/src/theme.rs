//! Light, dark, or whatever the system prefers; the choice is kept in localStorage.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

const STORAGE_KEY: &str = "authlab.theme";

/// Inline script for `<head>`: sets `data-theme` from storage before the page paints.
pub const APPLY_STORED_THEME_JS: &str = r#"try{var t=JSON.parse(localStorage.getItem("authlab.theme"));if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}"#;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_label(label: &str) -> Theme {
        match label {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// Browser only: the stored choice.
fn stored() -> Theme {
    LocalStorage::get::<String>(STORAGE_KEY)
        .map(|label| Theme::from_label(&label))
        .unwrap_or(Theme::System)
}

/// Browser only: stores the choice and applies it to `<html data-theme>`.
fn apply(theme: Theme) {
    let root = document().document_element();
    match theme {
        Theme::System => {
            LocalStorage::delete(STORAGE_KEY);
            if let Some(root) = root {
                let _ = root.remove_attribute("data-theme");
            }
        }
        Theme::Light | Theme::Dark => {
            let _ = LocalStorage::set(STORAGE_KEY, theme.label());
            if let Some(root) = root {
                let _ = root.set_attribute("data-theme", theme.label());
            }
        }
    }
}

/// A button that cycles system → light → dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    // The server cannot know the stored choice: it renders "system" and the browser corrects it.
    let theme = RwSignal::new(Theme::System);
    Effect::new(move |_| theme.set(stored()));
    let cycle = move |_| {
        let next = theme.get_untracked().next();
        apply(next);
        theme.set(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            on:click=cycle
            title="Switch between the system's theme, light and dark"
        >
            "Theme: "
            <span data-testid="theme-label">{move || theme.get().label()}</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toggle_cycles_through_all_three_and_back() {
        let mut seen = vec![Theme::System];
        for _ in 0..3 {
            seen.push(seen.last().unwrap().next());
        }
        assert_eq!(
            seen,
            [Theme::System, Theme::Light, Theme::Dark, Theme::System]
        );
        for theme in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_label(theme.label()), theme);
        }
    }
}
