//! The touchpoint page's drift section: its alerts, the model changes seen
//! in its outputs, and the owner's "my vendor announced an update" button.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;

use crate::{
    api::touchpoints::{AnnounceModelUpdate, TouchpointView},
    components::{
        clock::Clock,
        form::{action_error, FormError},
    },
    pages::alerts::AlertList,
};

#[component]
pub fn DriftSection(
    tp: TouchpointView,
    clock: Clock,
    owner: bool,
    announce: ServerAction<AnnounceModelUpdate>,
) -> impl IntoView {
    let error = action_error(announce);
    let id = tp.row.id;
    view! {
        <section class="card" aria-labelledby="drift-heading">
            <h2 id="drift-heading">"Model changes and alerts"</h2>
            {if tp.alerts.is_empty() {
                view! { <p class="hint">"No alerts for this touchpoint."</p> }.into_any()
            } else {
                view! { <AlertList list=tp.alerts.clone() clock=clock.clone()/> <p><a href="/alerts">"Acknowledge alerts"</a></p> }.into_any()
            }}
            {if tp.model_changes.is_empty() {
                view! { <p>"No model change seen yet. When outputs arrive with a new model name, checks tighten at once and you get an alert."</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label="Model changes"><table class="table history">
                        <caption>"Model changes"</caption>
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Change"</th><th scope="col">"Noticed by"</th></tr></thead>
                        <tbody>
                            {tp.model_changes.iter().map(|c| view! {
                                <tr>
                                    <td class="nowrap">{clock.when(c.happened_at)}</td>
                                    <td>{match &c.from_model {
                                        Some(from) => format!("{from} → {}", c.to_model.clone().unwrap_or_default()),
                                        None => format!("Vendor update announced{}", if c.note.is_empty() { String::new() } else { format!(": {}", c.note) }),
                                    }}</td>
                                    <td>{c.actor.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></ScrollTable>
                }.into_any()
            }}
            {owner.then(|| view! {
                <ActionForm action=announce attr:class="inline-form" attr:aria-label="Report a vendor update">
                    <FormError error/>
                    <input type="hidden" name="id" value=id/>
                    <label for="announce-note">"What did the vendor say? (optional)"</label>
                    <input id="announce-note" type="text" name="note" maxlength="500"/>
                    <button type="submit" class="button small">"My vendor announced an update"</button>
                </ActionForm>
            })}
        </section>
    }
}
