//! The audit log, newest first, for owners.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::audit::{audit_chain, list_audit, ChainState, Entry, PAGE_SIZE},
    components::clock::{Clock, ClockSource},
    pages::ErrorNotice,
};

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()));
    let rows = crate::data::load(before, list_audit);
    let chain = crate::data::load(|| (), |_| audit_chain());
    let clock = ClockSource::new();
    view! {
        <Title text="Audit log"/>
        <h1>"Audit log"</h1>
        <p class="lead">"Every change to people, touchpoints, policies, stages and verdicts, with who made it and when."</p>
        <p><a class="button" href="/export">"Export the record (CSV or JSON Lines)"</a></p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { chain.await.ok().map(|c| view! { <Chain c/> }) })}
        </Transition>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match rows.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="empty-state">"Nothing recorded yet."</p> }.into_any(),
                    Ok(rows) => {
                        let older = (rows.len() as u32 == PAGE_SIZE).then(|| rows.last().map(|r| r.id)).flatten();
                        view! {
                            <AuditTable rows clock/>
                            {older.map(|id| view! { <p><a href=format!("/audit?before={id}")>"Show older entries"</a></p> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditTable(rows: Vec<Entry>, clock: Clock) -> impl IntoView {
    view! {
        <ScrollTable label="Audit log entries">
            <table class="table">
                <caption class="visually-hidden">"Audit log entries"</caption>
                <thead><tr>
                    <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                    <th scope="col">"Which"</th><th scope="col">"Before"</th><th scope="col">"After"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="nowrap">{clock.when(r.at)}</td>
                            <td>{r.actor}</td>
                            <td><code>{r.action}</code></td>
                            <td>{match r.object_id {
                                Some(id) => format!("{} {id}", r.object_type),
                                None => r.object_type,
                            }}</td>
                            <td class="json">{r.before_json.unwrap_or_default()}</td>
                            <td class="json">{r.after_json.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

/// Whether the log still fits its hash chain, checked on every visit.
#[component]
fn Chain(c: ChainState) -> impl IntoView {
    match c.broken {
        None => view! {
            <p class="notice notice-ok" role="status" data-testid="audit-chain">
                {format!("Nothing in this log has been changed behind the app's back: all {} entries fit their hash chain.", c.checked)}
            </p>
        }
        .into_any(),
        Some((id, why)) => view! {
            <p class="notice notice-error" role="alert" data-testid="audit-chain">
                {format!("Entry {id} does not fit the log's hash chain: {why}. The {} entries before it are intact. \
                          Someone changed the database file directly; restore a backup or ask who did.", c.checked)}
            </p>
        }
        .into_any(),
    }
}
