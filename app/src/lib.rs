//! The authlab page: components and pages shared by the server (SSR) and the browser (hydrate).

/// Words only the server renders: the wasm does not carry them, and hydration keeps the text
/// the server sent (hydrating a page from the server never rewrites a text node or an
/// `inner_html`). Only for parts of the page rendered once, at hydration, never in a view the
/// page builds later by itself (that would come out empty).
#[macro_export]
macro_rules! prose {
    ($text:expr) => {{
        #[cfg(feature = "ssr")]
        let text: &'static str = $text;
        #[cfg(not(feature = "ssr"))]
        let text: &'static str = {
            // Named, never called: the constant counts as used, and is left out of the wasm.
            let _unused = || $text;
            ""
        };
        text
    }};
}

pub mod api;
pub mod components;
pub mod demo;
pub mod jwt_decode;
pub mod pages;
pub mod theme;
pub mod time_fmt;

use leptos::prelude::*;

/// The page's title, in the shell (there is one page: no router, no head manager in the wasm).
pub const TITLE: &str = "authlab: cookie sessions and JWTs, side by side";

/// The `<head>` both documents share.
fn head_basics() -> impl IntoView {
    view! {
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" id="authlab" href="/pkg/authlab.css" />
        // Applies a stored theme before the first paint, so a dark room never sees a flash.
        <script>{theme::APPLY_STORED_THEME_JS}</script>
    }
}

/// The HTML document around the app. Rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                {head_basics()}
                <title>{TITLE}</title>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The document for any other path (with a 404): plain HTML, no wasm.
pub fn not_found_shell(_options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                {head_basics()}
                <title>"Page not found · authlab"</title>
            </head>
            <body>
                <main class="not-found">
                    <h1>"Page not found"</h1>
                    <p>"authlab is one page: " <a href="/">"go to it"</a> "."</p>
                </main>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    // Runs only in the browser, once hydration is done: the signal tests wait for, and the
    // milliseconds since navigation start that the benchmark reads.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let since_navigation = window().performance().map(|p| p.now()).unwrap_or(-1.0);
            let _ = root.set_attribute("data-hydrated-ms", &format!("{since_navigation:.1}"));
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! { <pages::home::HomePage /> }
}
