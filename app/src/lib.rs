//! The authlab page: components and pages shared by the server (SSR) and the browser (hydrate).

// The claim tables nest deep enough in tachys types to pass the default limit of 128.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod demo;
pub mod jwt_decode;
pub mod pages;
pub mod theme;
pub mod time_fmt;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around the app. Rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="data:," />
                // Applies a stored theme before the first paint, so a dark room never sees a flash.
                <script>{theme::APPLY_STORED_THEME_JS}</script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Runs only in the browser, once hydration is done: the signal tests and benchmarks wait for.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="authlab" href="/pkg/authlab.css" />
        <Title text="authlab: cookie sessions and JWTs, side by side" />
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"Page not found."</p> }>
                <Route path=path!("") view=pages::home::HomePage />
            </Routes>
        </Router>
    }
}
