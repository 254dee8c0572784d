//! "Awaiting approval": held outputs, oldest first, with how long each has
//! waited and what it still needs.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;

use crate::{
    api::approvals::{list_awaiting, Waiting},
    pages::ErrorNotice,
};

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let rows = crate::data::load(|| (), |_| list_awaiting());
    view! {
        <Title text="Awaiting approval"/>
        <h1>"Awaiting approval"</h1>
        <p class="lead">"Outputs from tools that must not reach a customer until a person says yes. Oldest first."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty-state">"Nothing is waiting. Well done."</p> }.into_any(),
                    Ok(list) => view! { <AwaitingTable list/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AwaitingTable(list: Vec<Waiting>) -> impl IntoView {
    view! {
        <ScrollTable label="Outputs awaiting approval">
            <table class="table stack">
                <thead><tr>
                    <th scope="col">"Output"</th><th scope="col">"Touchpoint"</th>
                    <th scope="col">"Waiting"</th><th scope="col">"Needs"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|Waiting { held: r, waited }| view! {
                        <tr>
                            <td data-label="Output"><a href=format!("/approvals/{}", r.id)>{format!("#{}", r.id)}</a>" "<span class="excerpt">{plaintext::reveal(&r.excerpt).into_owned()}</span></td>
                            <td data-label="Touchpoint">{r.touchpoint}</td>
                            <td data-label="Waiting">{waited}{r.escalated.then(|| view! { " " <span class="badge badge-warn">"overdue"</span> })}</td>
                            <td data-label="Needs">{match r.first_approver {
                                Some(first) => format!("Senior sign-off (approved by {first})"),
                                None if r.high_stakes => "First approval, then a senior's".to_string(),
                                None => "One approval".to_string(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
