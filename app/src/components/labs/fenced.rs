//! A fenced script: a lab's attacker code, shown whole and run in this very page on a click.
//! The script writes its findings into the box's output, `#<id>-out`, as a real one would write
//! wherever it likes; the page only starts it. The code is the server's (`prose!`): the click
//! runs what the page shows, read back from it, so the wasm does not carry it.

use leptos::prelude::*;

use super::escape;

pub struct Script {
    /// Names the output (`<id>-out`) and the test ids (`run-<id>`, `<id>-out`).
    pub id: &'static str,
    pub label: &'static str,
    pub summary: &'static str,
    pub button: &'static str,
    pub code: &'static str,
}

#[component]
pub fn Fenced(script: Script) -> impl IntoView {
    let Script {
        id,
        label,
        summary,
        button,
        code,
    } = script;
    let run = move |_| {
        let shown = document().get_element_by_id(&format!("{id}-code"));
        if let Some(code) = shown.and_then(|element| element.text_content()) {
            let _ = js_sys::Function::new_no_args(&code).call0(&wasm_bindgen::JsValue::NULL);
        }
    };
    let shown = format!(
        "<summary>{summary}</summary><pre class=\"payload\" id=\"{id}-code\">{}</pre>",
        escape(code)
    );
    view! {
        <div class="injected" aria-label=label>
            <p class="injected-label">{format!("⚠ {label}")}</p>
            <details inner_html=shown></details>
            <button type="button" class="danger" data-testid=format!("run-{id}") on:click=run>
                {button}
            </button>
            <pre id=format!("{id}-out") class="script-out" data-testid=format!("{id}-out") aria-live="polite"></pre>
        </div>
    }
}
