//! /export (owners): download the oversight record, every output with its
//! whole story or the audit log, as a spreadsheet or JSON Lines. The form
//! is a plain GET to `/export/file`, so it works without the client bundle;
//! a mistake comes back here with its message beside the field.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{api::touchpoints::list_touchpoints, components::layout::SessionResource, pages::ErrorNotice};

#[component]
pub fn ExportPage() -> impl IntoView {
    let query = use_query_map();
    let problem =
        move |field: &'static str| query.with(|q| q.get("error").filter(|_| q.get("field").as_deref() == Some(field)));
    let touchpoints = crate::data::load(|| (), |_| list_touchpoints(true));
    let session = expect_context::<SessionResource>();
    view! {
        <Title text="Export the record"/>
        <h1>"Export the record"</h1>
        <p class="lead">"Everything an auditor, an insurer or a customer may ask to see: who checked what, when, and what they decided."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let owner = session.await.ok().and_then(|s| s.me).is_some_and(|m| m.is_owner());
                if !owner {
                    return view! { <p class="notice notice-warn">"Only owners can export the record."</p> }.into_any();
                }
                match touchpoints.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) => view! {
                        <form class="card form narrow" method="get" action="/export/file" aria-label="Export">
                            <fieldset>
                                <legend>"What"</legend>
                                <label class="check"><input type="radio" name="what" value="outputs" checked=true/>
                                    "Every output: why it was checked, the verdict (who, when, what was wrong, the note and the corrected text), each approval, the delivery to your tool and the fact-check findings"</label>
                                <label class="check"><input type="radio" name="what" value="audit"/>
                                    "The audit log, with the hash chain that shows nothing was changed"</label>
                            </fieldset>
                            <div class="field">
                                <label for="export-format">"Format"</label>
                                <select id="export-format" name="format">
                                    <option value="csv">"CSV: opens in Excel, Numbers or LibreOffice as it is"</option>
                                    <option value="jsonl">"JSON Lines: one record per line, for programs"</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for="export-touchpoint">"Touchpoint (outputs only)"</label>
                                <select id="export-touchpoint" name="touchpoint" aria-describedby="export-touchpoint-error">
                                    <option value="">"All touchpoints"</option>
                                    {list.into_iter().map(|t| view! { <option value=t.id>{t.name}</option> }).collect_view()}
                                </select>
                                <p class="field-error" id="export-touchpoint-error" role="alert">{move || problem("touchpoint")}</p>
                            </div>
                            <div class="field-row">
                                <div class="field">
                                    <label for="export-from">"From (optional)"</label>
                                    <input id="export-from" type="date" name="from" aria-describedby="export-from-error"/>
                                    <p class="field-error" id="export-from-error" role="alert">{move || problem("from")}</p>
                                </div>
                                <div class="field">
                                    <label for="export-to">"To (optional, included)"</label>
                                    <input id="export-to" type="date" name="to" aria-describedby="export-to-error"/>
                                    <p class="field-error" id="export-to-error" role="alert">{move || problem("to")}</p>
                                </div>
                            </div>
                            <p class="hint">"Days and times are on the business's clock. Text that a spreadsheet would run as a formula is written with a ' in front."</p>
                            <button type="submit" class="button primary">"Download"</button>
                        </form>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
