//! Business settings for owners: name, time zone, and the day weeks start.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::business::{get_business_settings, UpdateBusiness},
    components::{
        form::{action_error, options, Choice, Field, FormError},
        timezone::{zone_names, TimezoneField},
    },
    pages::ErrorNotice,
};

const DAYS: [(&str, &str); 7] = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
];

/// "The first Monday" or a day of the month (1–28, so every month has it).
fn reminder_days() -> Vec<(String, String)> {
    std::iter::once(("first-monday".to_string(), "The first Monday of the month".to_string()))
        .chain((1..=28).map(|d| (d.to_string(), format!("Day {d} of the month"))))
        .collect()
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let update = ServerAction::<UpdateBusiness>::new();
    let current = Resource::new(move || update.version().get(), |_| get_business_settings());
    let zones = zone_names();
    let error = action_error(update);
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    view! {
        <Title text="Settings"/>
        <h1>"Business settings"</h1>
        <p><a href="/settings/facts">"What is true about your business"</a>" — prices, opening hours, contacts and promises every output is checked against."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(b) => view! {
                        <ActionForm action=update attr:class="form card" attr:aria-label="Business settings">
                            <FormError error/>
                            <Field label="Business name" name="name" error value=b.name.clone() autocomplete="organization"/>
                            <TimezoneField error zones selected=b.timezone.clone()/>
                            <div class="field">
                                <label for="field-week_start">"Weeks start on"</label>
                                <p class="hint">"The weekly spot check covers the seven days from this day; its sample is drawn when the week ends."</p>
                                <Choice name="week_start" id="field-week_start".into() options=options(DAYS.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect(), None) selected=b.week_start.clone()/>
                            </div>
                            <div class="field-row">
                                <div class="field">
                                    <label for="field-monthly_day">"Monthly review reminder on"</label>
                                    <Choice name="monthly_day" id="field-monthly_day".into() options=reminder_days() selected=b.monthly_day.clone()/>
                                </div>
                                <div class="field">
                                    <label for="field-monthly_hour">"At (hour, 0–23)"</label>
                                    <input id="field-monthly_hour" name="monthly_hour" type="number" min="0" max="23" value=b.monthly_hour.clone()/>
                                    <p class="field-error" aria-live="polite">{move || error.get().and_then(|e| e.for_field("monthly_hour"))}</p>
                                </div>
                            </div>
                            <button type="submit" class="button primary">"Save settings"</button>
                            <Show when=saved><p class="notice notice-ok" role="status">"Saved."</p></Show>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
