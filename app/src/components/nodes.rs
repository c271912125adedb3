//! Several server nodes: which exist, and the switch that sends a column's requests to one of
//! them — so a learner sees a session vanish on a node with its own memory store, survive
//! with a shared Redis, and a JWT verify anywhere.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::lab::Lab;
use super::scheme_column::Scheme;
use crate::api::nodes::{self as api, NodeList};

#[derive(Clone, Copy)]
pub struct Nodes {
    /// This page's node and its peers, once known.
    pub list: RwSignal<Option<NodeList>>,
    /// The node each column talks to now.
    pub session: RwSignal<Option<String>>,
    pub jwt: RwSignal<Option<String>>,
}

/// The front door's modes, by their API names.
const MODES: [&str; 3] = ["direct", "round-robin", "sticky"];

impl Nodes {
    pub fn provide() -> Self {
        let nodes = Self {
            list: RwSignal::new(None),
            session: RwSignal::new(None),
            jwt: RwSignal::new(None),
        };
        provide_context(nodes);
        nodes
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// After hydration: learn the nodes, and follow every peer's trace too.
    pub fn start(self) {
        spawn_local(async move {
            let Some(list) = api::list().await.value() else {
                return;
            };
            let lab = Lab::expect();
            for peer in &list.peers {
                lab.follow(Some(peer));
            }
            self.session.set(Some(list.node.clone()));
            self.jwt.set(Some(list.node.clone()));
            self.list.set(Some(list));
        });
    }

    fn chosen(self, scheme: Scheme) -> RwSignal<Option<String>> {
        match scheme {
            Scheme::Session => self.session,
            Scheme::Jwt => self.jwt,
        }
    }

    /// The front door's mode (`direct` until the page learns otherwise).
    fn balancer(self) -> String {
        self.list
            .with(|list| list.as_ref().map(|l| l.balancer.clone()))
            .filter(|mode| !mode.is_empty())
            .unwrap_or_else(|| "direct".into())
    }

    /// Switches the front door; in a balancing mode both columns send plain paths to the page's
    /// node, which decides where each request goes.
    fn set_balancer(self, mode: &'static str) {
        spawn_local(async move {
            if let Some(list) = api::set_balancer(mode).await.value() {
                for scheme in [Scheme::Session, Scheme::Jwt] {
                    self.choose(scheme, list.node.clone());
                }
                self.list.set(Some(list));
            }
        });
    }

    /// Stops or starts a peer's listener.
    fn stop_or_start(self, node: String, stop: bool) {
        spawn_local(async move {
            if let Some(list) = api::stop_or_start(&node, stop).await.value() {
                self.list.set(Some(list));
            }
        });
    }

    /// Sends `scheme`'s requests to `node` from now on.
    pub fn choose(self, scheme: Scheme, node: String) {
        let home = self
            .list
            .with_untracked(|list| list.as_ref().map(|l| l.node.clone()));
        let route = (home.as_deref() != Some(node.as_str())).then(|| node.clone());
        api::set_route(scheme, route);
        self.chosen(scheme).set(Some(node));
    }

    /// The node `scheme` talks to, when it is not the page's own.
    pub fn elsewhere(self, scheme: Scheme) -> Option<String> {
        let home = self
            .list
            .with(|list| list.as_ref().map(|l| l.node.clone()))?;
        self.chosen(scheme).get().filter(|node| *node != home)
    }
}

/// "Node: [a] [b]" — only when there is more than one node — and what the chosen node knows.
#[component]
pub fn NodeSwitch(
    scheme: Scheme,
    on_switch: Callback<()>,
    /// What the column's current node knows, when it is not the page's own.
    note: Signal<Option<String>>,
) -> impl IntoView {
    let nodes = Nodes::expect();
    let chosen = nodes.chosen(scheme);
    move || {
        let list = nodes.list.get().filter(|list| !list.peers.is_empty())?;
        let names = std::iter::once(list.node.clone()).chain(list.peers.clone());
        Some(view! {
            <div class="node-switch" role="group" aria-label=format!("{}: send requests to node", scheme.title())>
                <span>"Node:"</span>
                {names.map(|name| {
                    let pressed = {
                        let name = name.clone();
                        move || chosen.with(|c| c.as_deref() == Some(name.as_str()))
                    };
                    let target = name.clone();
                    view! {
                        <button type="button" class="node-choice" aria-pressed=move || pressed().to_string()
                            data-testid=format!("{}-node-{name}", scheme.slug())
                            disabled=move || nodes.balancer() != "direct"
                            on:click=move |_| {
                                nodes.choose(scheme, target.clone());
                                on_switch.run(());
                            }>
                            {name.clone()}
                        </button>
                    }
                }).collect_view()}
                <span>"Front door:"</span>
                // HTML with one handler for its three buttons: cheaper in the wasm than views.
                <span class="node-door" inner_html=move || nodes.list.with(|list| door_html(scheme, &nodes.balancer(), list.as_ref()))
                    on:click=move |ev: leptos::ev::MouseEvent| {
                        let Some(element) = ev
                            .target()
                            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        else {
                            return;
                        };
                        if let Some(mode) = element.get_attribute("data-mode").and_then(|m| MODES.into_iter().find(|k| *k == m)) {
                            nodes.set_balancer(mode);
                        } else if let Some(node) = element.get_attribute("data-node") {
                            nodes.stop_or_start(node, element.get_attribute("data-stop").is_some());
                        }
                    }></span>
                <span class="hint">{format!("Node {} serves the page. Direct: it passes each request to the node you pick. Round-robin: each request to the next node in turn. Sticky: an affinity cookie keeps this browser on one node. Stopping a node closes its listener; its memory stays.", list.node)}</span>
                {move || note.get().map(|note| view! { <p class="node-note" data-testid=format!("{}-node-note", scheme.slug())>{note}</p> })}
            </div>
        })
    }
}

/// The front door's three buttons, the current mode pressed, then a stop or start button per
/// peer.
fn door_html(scheme: Scheme, current: &str, list: Option<&NodeList>) -> String {
    let slug = scheme.slug();
    let mut html: String = MODES
        .into_iter()
        .map(|mode| {
            format!(
                "<button type=\"button\" class=\"node-choice\" data-mode=\"{mode}\" aria-pressed=\"{}\" data-testid=\"{slug}-door-{mode}\">{mode}</button>",
                mode == current,
            )
        })
        .collect();
    for peer in list.map(|list| list.peers.as_slice()).unwrap_or_default() {
        let stopped = list.is_some_and(|list| list.stopped.contains(peer));
        let (action, attribute) = if stopped {
            ("start", "")
        } else {
            ("stop", " data-stop")
        };
        html.push_str(&format!(
            " <button type=\"button\" class=\"node-power\" data-node=\"{peer}\"{attribute} data-testid=\"{slug}-{action}-{peer}\">{action} {peer}</button>"
        ));
    }
    html
}
