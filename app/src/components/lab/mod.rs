//! The lab around both columns: its clock (which the server can fast-forward), the live
//! request trace, and the attacker's stolen copies.

mod clock_bar;
mod stolen;
mod timeline;

pub use clock_bar::LabClockBar;
pub use stolen::StolenCopyBox;
pub use timeline::TraceTimeline;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::lab::{self as api, LabView};
use crate::api::trace::{self, TraceEntry};
use crate::time_fmt::browser_now_ms;

/// How many trace entries the page keeps.
const TRACE_KEPT: usize = 60;

/// The lab clock as the page knows it: lab seconds minus browser seconds.
#[derive(Clone, Copy)]
pub struct LabTime(RwSignal<f64>);

impl LabTime {
    /// The lab clock now, in unix seconds (reactive: reads the offset).
    pub fn now(self, browser_ms: f64) -> i64 {
        (browser_ms / 1000.0 + self.0.get()).floor() as i64
    }

    /// `server_now` is a whole second, floored: the server's clock was half a second past it
    /// on average, so a fresh 300 s token counts down from 5:00, not 5:01.
    pub fn learn(self, server_now: i64) {
        self.0
            .set(server_now as f64 + 0.5 - browser_now_ms() / 1000.0);
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }
}

/// What the lab knows; provided once for the whole page.
#[derive(Clone, Copy)]
pub struct Lab {
    pub view: RwSignal<Option<LabView>>,
    pub trace: RwSignal<Vec<TraceEntry>>,
    pub time: LabTime,
    pub busy: RwSignal<bool>,
    /// Counts resets, so parts of the page that hold lab state (stolen copies) can drop it.
    pub resets: RwSignal<u32>,
}

impl Lab {
    pub fn provide() -> Self {
        let time = LabTime(RwSignal::new(0.0));
        provide_context(time);
        let lab = Self {
            view: RwSignal::new(None),
            trace: RwSignal::new(Vec::new()),
            time,
            busy: RwSignal::new(false),
            resets: RwSignal::new(0),
        };
        provide_context(lab);
        lab
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// After hydration: the lab's state, and the trace from now on; the page's own stream, for
    /// the room's events.
    pub fn start(self) -> Option<web_sys::EventSource> {
        spawn_local(async move { self.set_view(api::view().await.value()) });
        self.follow(None)
    }

    /// Adds a node's requests to the trace (`None`: the page's node).
    pub fn follow(self, node: Option<&str>) -> Option<web_sys::EventSource> {
        trace::follow(node, move |entry| {
            self.trace.update(|entries| {
                entries.push(entry);
                if entries.len() > TRACE_KEPT {
                    entries.remove(0);
                }
            });
        })
    }

    fn set_view(self, view: Option<LabView>) {
        if let Some(view) = &view {
            self.time.learn(view.server_now);
        }
        if view.is_some() {
            self.view.set(view);
        }
    }

    pub fn refresh(self) {
        spawn_local(async move { self.set_view(api::view().await.value()) });
    }

    pub fn advance(self, minutes: i64) {
        self.busy.set(true);
        spawn_local(async move {
            self.set_view(api::advance_clock(minutes).await.value());
            self.busy.set(false);
        });
    }

    /// Flips one of the lab's weakening switches.
    pub fn switch(self, name: &'static str, on: bool) {
        self.busy.set(true);
        spawn_local(async move {
            self.set_view(api::switch(name, on).await.value());
            self.busy.set(false);
        });
    }

    pub fn reset(self) {
        self.busy.set(true);
        spawn_local(async move {
            self.set_view(api::reset().await.value());
            self.resets.update(|n| *n += 1);
            self.busy.set(false);
        });
    }
}
