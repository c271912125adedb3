//! Presenter mode: guided scenarios as numbered slides with narration, next/previous from the
//! keyboard, reset, large type for projectors, and a link to a guide and slide that carries no
//! secret.

mod guides;

#[cfg(feature = "ssr")]
pub use guides::texts as guide_texts;
pub use guides::GUIDES;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use guides::{link, parse_link, Act};

use super::grid::Grid;
use super::jwt::JwtLab;
use super::lab::Lab;
use super::scenario::Scenario;
use super::session::SessionLab;
use crate::api::room::{self, At};
use crate::api::session::Credentials;
use crate::api::{trace, Carrier};

#[derive(Clone, Copy)]
pub struct Presenter {
    on: RwSignal<bool>,
    guide: RwSignal<usize>,
    slide: RwSignal<usize>,
    /// The narration, fetched from the server at the first opening (not in the wasm).
    texts: RwSignal<Option<Vec<Vec<String>>>>,
    /// The room in one line: the server sends it to the presenter only (`/room?key=…`).
    summary: RwSignal<Option<String>>,
}

impl Presenter {
    pub fn provide() -> Self {
        let presenter = Self {
            on: RwSignal::new(false),
            guide: RwSignal::new(0),
            slide: RwSignal::new(0),
            texts: RwSignal::new(None),
            summary: RwSignal::new(None),
        };
        provide_context(presenter);
        presenter
    }

    fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Browser only: large type on `<html>`, the address bar pointing at this slide, and the
    /// server told where this page is (the presenter hears how the room is doing).
    fn reflect(self) {
        let on = self.on.get_untracked();
        let at = on.then(|| At {
            guide: self.guide.get_untracked(),
            slide: self.slide.get_untracked(),
        });
        leptos::task::spawn_local(async move { self.summary.set(room::report(at).await) });
        if let Some(root) = document().document_element() {
            let _ = if on {
                root.set_attribute("data-presenter", "on")
            } else {
                root.remove_attribute("data-presenter")
            };
        }
        let url = if on {
            link(self.guide.get_untracked(), self.slide.get_untracked())
        } else {
            window()
                .location()
                .pathname()
                .unwrap_or_else(|_| "/".into())
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    /// Fetches the narration once.
    fn fetch_texts(self) {
        if self.texts.with_untracked(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            let fetched = crate::api::http::get::<Vec<Vec<String>>>("/api/guides").await;
            self.texts.set(Some(fetched.value().unwrap_or_default()));
        });
    }

    /// The narration of the current slide ("…" while it loads).
    fn text(self) -> String {
        let (guide, slide) = (self.guide.get(), self.slide.get());
        self.texts
            .with(|texts| texts.as_ref()?.get(guide)?.get(slide).cloned())
            .unwrap_or_else(|| "…".to_owned())
    }

    fn open(self, guide: usize, slide: usize) {
        self.fetch_texts();
        self.guide.set(guide);
        self.slide.set(slide);
        self.on.set(true);
        self.reflect();
    }

    fn toggle(self) {
        self.fetch_texts();
        self.on.update(|on| *on = !*on);
        self.reflect();
    }

    /// Back to slide one of `guide`, with the lab, the comparison and the grid cleared, and both
    /// columns on their classic carriers.
    fn reset(self, guide: usize) {
        Lab::expect().reset();
        Scenario::expect().restart();
        Grid::expect().clear();
        SessionLab::expect().set_carrier(Carrier::Cookie);
        JwtLab::expect().set_carrier(Carrier::Header);
        self.open(guide, 0);
    }

    /// The next slide, doing its step to both schemes.
    fn next(self) {
        let scenario = Scenario::expect();
        if scenario.busy() {
            return;
        }
        let guide = &GUIDES[self.guide.get_untracked()];
        let slide = self.slide.get_untracked() + 1;
        if slide >= guide.slides.len() {
            return;
        }
        self.slide.set(slide);
        match guide.slides[slide].action {
            Some(Act::Step(step)) => scenario.run_step(step),
            Some(Act::Carry(session_carrier, jwt_carrier)) => carry(session_carrier, jwt_carrier),
            Some(Act::Grid) => Grid::expect().run(),
            None => {}
        }
        self.reflect();
    }

    fn previous(self) {
        self.slide.update(|slide| *slide = slide.saturating_sub(1));
        self.reflect();
    }

    /// The presenter's step, with "follow me" on: the next slide is stepped to (its action runs
    /// in this visitor's own lab), any other is opened.
    fn follow(self, at: At) {
        let (guide, slide) = (self.guide.get_untracked(), self.slide.get_untracked());
        if at.guide >= GUIDES.len() || at.slide >= GUIDES[at.guide].slides.len() {
            return;
        }
        if self.on.get_untracked() && at.guide == guide && at.slide == slide + 1 {
            self.next();
        } else {
            self.open(at.guide, at.slide);
        }
    }

    /// After hydration: open the guide a link names, listen to the keyboard, and follow the
    /// presenter's steps on the page's trace stream.
    pub fn start(self, stream: Option<web_sys::EventSource>) {
        if let Some(stream) = stream {
            trace::on_event(&stream, "follow", move |at| self.follow(at));
        }
        if let Some((guide, slide)) = window()
            .location()
            .search()
            .ok()
            .and_then(|search| parse_link(&search))
        {
            self.open(guide, slide);
        }
        let handle = window_event_listener(ev::keydown, move |event| {
            if !self.on.get_untracked() || typing(&event) {
                return;
            }
            match event.key().as_str() {
                "ArrowRight" | "PageDown" => self.next(),
                "ArrowLeft" | "PageUp" => self.previous(),
                "Escape" => self.toggle(),
                _ => return,
            }
            event.prevent_default();
        });
        on_cleanup(move || handle.remove());
    }
}

/// Both columns on the given carriers, alice logged in to each the new way.
fn carry(session_carrier: Carrier, jwt_carrier: Carrier) {
    let alice = || Credentials {
        username: "alice".to_owned(),
        password: "wonderland".to_owned(),
        carrier: None,
    };
    let (session, jwt) = (SessionLab::expect(), JwtLab::expect());
    session.set_carrier(session_carrier);
    jwt.set_carrier(jwt_carrier);
    session.login(alice());
    jwt.login(alice());
}

/// Keys typed into a field are the field's, not the presenter's.
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

#[component]
pub fn PresenterToggle() -> impl IntoView {
    let presenter = Presenter::expect();
    view! {
        <button type="button" class="secondary small" on:click=move |_| presenter.toggle()
            aria-pressed=move || presenter.on.get().to_string()
            title="Guided scenarios, large type; ← → step, Esc leaves">
            "Presenter"
        </button>
    }
}

#[component]
pub fn PresenterPanel() -> impl IntoView {
    let presenter = Presenter::expect();
    let scenario = Scenario::expect();
    let guide = move || &GUIDES[presenter.guide.get()];
    view! {
        {move || presenter.on.get().then(|| view! {
            <section class="presenter-panel" aria-label="Presenter">
                <div class="presenter-head">
                    <label for="guide-choice">"Guided scenario"</label>
                    <select id="guide-choice" on:change=move |ev| {
                        if let Ok(index) = event_target_value(&ev).parse::<usize>() {
                            presenter.reset(index);
                        }
                    }>
                        {GUIDES.iter().enumerate().map(|(index, g)| view! {
                            <option value=index.to_string() selected=move || presenter.guide.get() == index>{g.title}</option>
                        }).collect_view()}
                    </select>
                    <span class="slide-count" data-testid="slide-count">
                        {move || format!("{} / {}", presenter.slide.get() + 1, guide().slides.len())}
                    </span>
                </div>
                <p class="narration" aria-live="polite" data-testid="narration">
                    {move || presenter.text()}
                </p>
                <p class="room-line" data-testid="room-line" hidden=move || presenter.summary.with(Option::is_none)>
                    {move || presenter.summary.get()}
                </p>
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| presenter.previous()
                        disabled=move || presenter.slide.get() == 0>"← Previous"</button>
                    <button type="button" on:click=move |_| presenter.next()
                        disabled={move || scenario.busy() || presenter.slide.get() + 1 >= guide().slides.len()}>
                        "Next →"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| presenter.reset(presenter.guide.get_untracked())>
                        "Reset"
                    </button>
                    <a class="slide-link" href=move || link(presenter.guide.get(), presenter.slide.get())>
                        "Link to this slide"
                    </a>
                </div>
            </section>
        })}
    }
}
