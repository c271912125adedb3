//! One of the two mirrored columns: a scheme's name, its one-line idea, then its panels.

use leptos::prelude::*;

/// Which login scheme a column or control belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Session,
    Jwt,
}

impl Scheme {
    /// A short id used in element ids and class names.
    pub fn slug(self) -> &'static str {
        match self {
            Scheme::Session => "session",
            Scheme::Jwt => "jwt",
        }
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

#[component]
pub fn SchemeColumn<C>(scheme: Scheme, children: TypedChildren<C>) -> impl IntoView
where
    C: IntoView + 'static,
{
    let children = children.into_inner();
    let heading_id = format!("{}-title", scheme.slug());
    let labelled_by = heading_id.clone();
    view! {
        <article class=format!("scheme scheme-{}", scheme.slug()) aria-labelledby=labelled_by>
            <h2 id=heading_id class="scheme-title">
                {scheme.title()}
                " "
                <span class="scheme-kind">{format!("({})", scheme.kind())}</span>
            </h2>
            {children()}
        </article>
    }
}
