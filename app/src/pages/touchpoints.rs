//! The touchpoint list: every place AI works for the business.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::touchpoints::{list_touchpoints, Summary},
    components::layout::SessionResource,
    pages::ErrorNotice,
};

#[component]
pub fn TouchpointsPage() -> impl IntoView {
    let query = use_query_map();
    let retired = move || query.with(|q| q.get("retired").is_some());
    let rows = crate::data::load(retired, list_touchpoints);
    let session = expect_context::<SessionResource>();
    view! {
        <Title text="Touchpoints"/>
        <div class="page-head">
            <h1>"Touchpoints"</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let owner = session.await.ok().and_then(|s| s.me).is_some_and(|m| m.is_owner());
                    owner.then(|| view! {
                        <div class="actions">
                            <a class="button primary" href="/touchpoints/new">"Add a touchpoint"</a>
                            <a class="button" href="/onboarding">"Audit your AI touchpoints"</a>
                        </div>
                    })
                })}
            </Transition>
        </div>
        <p class="lead">"A touchpoint is one place where AI produces something for your business. "
            "Knowing all of them is the first step to keeping an eye on them."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <div class="empty-state">
                            <p>"No touchpoints yet."</p>
                            <p class="hint">"Use \"Audit your AI touchpoints\" to go through the usual places AI shows up, or add one yourself."</p>
                        </div>
                    }.into_any(),
                    Ok(list) => view! { <TouchpointTable list/> }.into_any(),
                }
            })}
        </Transition>
        <p>
            {move || if retired() {
                view! { <a href="/touchpoints">"Hide retired touchpoints"</a> }.into_any()
            } else {
                view! { <a href="/touchpoints?retired=1">"Show retired touchpoints"</a> }.into_any()
            }}
        </p>
    }
}

#[component]
fn TouchpointTable(list: Vec<Summary>) -> impl IntoView {
    view! {
        <ScrollTable label="Touchpoints">
            <table class="table stack">
                <caption class="visually-hidden">"Touchpoints"</caption>
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Stakes"</th>
                    <th scope="col">"Review"</th><th scope="col">"Stage"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|t| view! {
                        <tr class:inactive=t.retired>
                            <td data-label="Name">
                                <a href=format!("/touchpoints/{}", t.id)>{t.name.clone()}</a>
                                {(!t.vendor.is_empty()).then(|| view! { <span class="sub">{t.vendor.clone()}</span> })}
                            </td>
                            <td data-label="Kind">{t.kind.label()}</td>
                            <td data-label="Stakes">{if t.stakes == model::touchpoint::Stakes::High { "High" } else { "Low" }}</td>
                            <td data-label="Review">{t.policy.label()}</td>
                            <td data-label="Stage">
                                <span class=format!("badge stage-{}", t.stage)>{t.stage.name()}</span>
                                {t.retired.then_some(" (retired)")}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
