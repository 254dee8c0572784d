//! The time zone picker used at setup and in the business settings.

use leptos::prelude::*;

use crate::{api::auth::timezones, error::AppError};

/// The zone names; make it at the top of the page (not inside a Suspend) so
/// that hydration finds it.
pub fn zone_names() -> crate::data::Data<Result<Vec<String>, AppError>> {
    crate::data::load(|| (), |_| timezones())
}

#[component]
pub fn TimezoneField(
    error: Signal<Option<AppError>>,
    zones: crate::data::Data<Result<Vec<String>, AppError>>,
    #[prop(optional)] selected: String,
) -> impl IntoView {
    let zone_error = move || error.get().and_then(|e| e.for_field("timezone"));
    view! {
        <div class="field">
            <label for="field-timezone">"Time zone"</label>
            <p class="hint">"Weekly checks and monthly reminders follow this clock."</p>
            <select id="field-timezone" name="timezone" required=true aria-describedby="field-timezone-error">
                <option value="">"Choose your time zone"</option>
                <Transition fallback=|| ()>
                    {move || {
                        let selected = selected.clone();
                        Suspend::new(async move {
                            zones.await.unwrap_or_default().into_iter()
                                .map(|z| {
                                    let is = z == selected;
                                    view! { <option value=z.clone() selected=is>{z.replace('_', " ")}</option> }
                                })
                                .collect_view()
                        })
                    }}
                </Transition>
            </select>
            <p class="field-error" id="field-timezone-error" aria-live="polite">{zone_error}</p>
        </div>
    }
}
