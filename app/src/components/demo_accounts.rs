//! The demo accounts every fresh lab has, with a button that fills a login form.

use leptos::prelude::*;

use crate::demo::DEMO_ACCOUNTS;

#[component]
pub fn DemoAccounts(username: RwSignal<String>, password: RwSignal<String>) -> impl IntoView {
    let rows = DEMO_ACCOUNTS
        .iter()
        .map(|account| {
            let fill = move |_| {
                username.set(account.username.to_owned());
                password.set(account.password.to_owned());
            };
            view! {
                <tr>
                    <td><code>{account.username}</code></td>
                    <td><code>{account.password}</code></td>
                    <td>{account.role.as_str()}</td>
                    <td>
                        <button
                            type="button"
                            class="small"
                            on:click=fill
                            aria-label=format!("Fill in {}", account.username)
                        >
                            "Use"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="demo-accounts">
            <caption>"Demo accounts"</caption>
            <thead>
                <tr>
                    <th scope="col">"user"</th>
                    <th scope="col">"password"</th>
                    <th scope="col">"role"</th>
                    <th scope="col"><span class="visually-hidden">"fill in"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
