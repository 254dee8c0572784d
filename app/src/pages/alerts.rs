//! Alerts for seniors and owners: open ones to look at, and a record of who
//! acknowledged each one and what they noted.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::alerts::{list_alerts, AcknowledgeAlert, Alert},
    components::{
        clock::{Clock, ClockSource},
        form::{action_error, FormError},
    },
    pages::ErrorNotice,
};

#[component]
pub fn AlertsPage() -> impl IntoView {
    let ack = ServerAction::<AcknowledgeAlert>::new();
    let alerts = crate::data::load(move || ack.version().get(), |_| list_alerts());
    let error = action_error(ack);
    let clock = ClockSource::new();
    view! {
        <Title text="Alerts"/>
        <h1>"Alerts"</h1>
        <p class="lead">"Things Second Look noticed that a person should look at. Acknowledge each one with what you did about it."</p>
        <FormError error/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match alerts.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty-state">"No alerts. All quiet."</p> }.into_any(),
                    Ok(list) => view! { <AlertList list clock ack/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Alerts as cards; open ones carry the acknowledge form.
#[component]
pub fn AlertList(
    list: Vec<Alert>,
    clock: Clock,
    #[prop(optional)] ack: Option<ServerAction<AcknowledgeAlert>>,
) -> impl IntoView {
    view! {
        <ul class="alert-list">
            {list.into_iter().map(|a| {
                let open = a.acknowledged_at.is_none();
                view! {
                    <li class="alert-item" class:alert-open=open data-alert-id=a.id>
                        <p class="alert-title">
                            <span class="badge">{if open { "Open" } else { "Acknowledged" }}</span>" "
                            <strong>{a.title.clone()}</strong>
                        </p>
                        <p class="hint">"Raised " {clock.when(a.raised_at)}
                            {a.touchpoint_id.zip(a.touchpoint.clone()).map(|(id, name)| view! {
                                " · " <a href=format!("/touchpoints/{id}")>{name}</a>
                            })}
                        </p>
                        {(a.history.len() > 1).then(|| view! {
                            <details class="alert-history">
                                <summary>{format!("History of this incident ({} entries)", a.history.len())}</summary>
                                <ol>{a.history.iter().map(|h| view! { <li>{format!("{}: {}", clock.when(h.at), h.title)}</li> }).collect_view()}</ol>
                            </details>
                        })}
                        {(a.recovered_at.is_some() && open).then(|| view! { <p class="hint">"The signal has gone quiet since: acknowledge it once you have looked."</p> })}
                        {a.acknowledged_at.map(|at| {
                            let (who, note) = (a.acknowledged_by.clone().unwrap_or_default(), a.ack_note.clone().unwrap_or_default());
                            view! { <p>"Acknowledged by " {who} " on " {clock.when(at)} {(!note.is_empty()).then(|| format!(": {note}"))}</p> }
                        })}
                        {ack.filter(|_| open).map(|ack| {
                            let note_id = format!("ack-note-{}", a.id);
                            view! {
                                <ActionForm action=ack attr:class="inline-form" attr:aria-label="Acknowledge this alert">
                                    <input type="hidden" name="id" value=a.id/>
                                    <label for=note_id.clone()>"What did you do about it?"</label>
                                    <input id=note_id type="text" name="note" maxlength="1000" placeholder="e.g. checked ten replies, all fine"/>
                                    <button type="submit" class="button small">"Acknowledge"</button>
                                </ActionForm>
                            }
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
