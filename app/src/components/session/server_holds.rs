//! What the server holds: the session store's rows (mine; everyone's for an admin).

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::SessionLab;
use crate::time_fmt::local_time;

#[component]
pub fn SessionServerHolds() -> impl IntoView {
    let lab = SessionLab::expect();
    view! {
        {move || match lab.store.get() {
            None => EitherOf3::A(view! {
                <p class="empty">"Nothing yet. After login: the session-store row that the cookie points to."</p>
            }),
            Some(view) if view.rows.is_empty() => EitherOf3::B(view! {
                <p>
                    "Session store: " <strong>{view.store}</strong>
                    ". No row of yours: logging in creates one."
                </p>
            }),
            Some(view) => EitherOf3::C(view! {
                <p>
                    "Session store: " <strong>{view.store.clone()}</strong>
                    {format!(" — {} row(s) you may see", view.rows.len())}
                </p>
                <div class="table-wrap">
                    <table class="store-rows">
                        <thead>
                            <tr>
                                <th scope="col">"handle"</th>
                                <th scope="col">"user"</th>
                                <th scope="col">"created"</th>
                                <th scope="col" title="Written only once it moved by a sixtieth of the idle timeout (30 s): a busy session does not write the store on every request">"last seen"</th>
                                <th scope="col">"expires"</th>
                                <th scope="col"><span class="visually-hidden">"end it"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {view.rows.into_iter().map(|row| {
                                let label = format!("End session {}", row.handle);
                                let handle = row.handle.clone();
                                view! {
                                <tr class:this-one=row.this_one>
                                    <td class="handle">
                                        <code>{row.handle}</code>
                                        {row.this_one.then(|| view! { <span class="tag">"this browser"</span> })}
                                    </td>
                                    <td>{row.username}</td>
                                    <td>{local_time(row.created_at)}</td>
                                    <td>{local_time(row.last_seen_at)}</td>
                                    <td>{local_time(row.expires_at)}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="small danger"
                                            aria-label=label
                                            on:click=move |_| lab.kill(handle.clone())
                                        >
                                            "End"
                                        </button>
                                    </td>
                                </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="hint">"Handles are hashes of the ids: enough to tell rows apart, useless to replay. Ending a row deletes it: the browser holding that cookie is logged out at its next request."</p>
            }),
        }}
    }
}
