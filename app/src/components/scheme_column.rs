//! One of the two mirrored columns: a scheme's name, its one-line idea, then its panels.

use leptos::prelude::*;

use super::nodes::NodeSwitch;

pub use crate::api::Scheme;

/// How a column names its scheme.
impl Scheme {
    /// A short id used in element ids and class names: the scheme's name in the API.
    pub fn slug(self) -> &'static str {
        self.as_str()
    }

    pub fn title(self) -> &'static str {
        match self {
            Scheme::Session => "Cookie session",
            Scheme::Jwt => "JWT",
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Scheme::Session => "stateful",
            Scheme::Jwt => "stateless",
        }
    }
}

/// The column: its title (and, with several nodes, its node switch: `on_switch` runs after the
/// column moved to another node) on the first shared row, then its panels.
#[component]
pub fn SchemeColumn<C>(
    scheme: Scheme,
    on_switch: Callback<()>,
    /// What the column's node knows, when the column talks to another node than the page's.
    node_note: Signal<Option<String>>,
    children: TypedChildren<C>,
) -> impl IntoView
where
    C: IntoView + 'static,
{
    let children = children.into_inner();
    let heading_id = format!("{}-title", scheme.slug());
    let labelled_by = heading_id.clone();
    view! {
        <article class=format!("scheme scheme-{}", scheme.slug()) aria-labelledby=labelled_by>
            <header class="scheme-head">
                <h2 id=heading_id class="scheme-title">
                    {scheme.title()}
                    " "
                    <span class="scheme-kind">{format!("({})", scheme.kind())}</span>
                </h2>
                <NodeSwitch scheme on_switch note=node_note />
            </header>
            {children()}
        </article>
    }
}
