//! Business settings for owners: name, time zone, and the day weeks start.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::business::{get_business_settings, ForgetPerson, UpdateBusiness},
    components::{
        form::{action_error, options, Choice, Field, FieldShell, FormError},
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
    let current = crate::data::load(move || update.version().get(), |_| get_business_settings());
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
                            <div class="field">
                                <label for="field-keep_text_months">"Keep the text of outputs for (months)"</label>
                                <p class="hint">"After this, the text of older outputs (and what led to them) is removed every night; their figures, verdicts and the audit log stay. 0 keeps text forever. Backups keep what they held."</p>
                                <input id="field-keep_text_months" name="keep_text_months" type="number" min="0" max="1200" value=b.keep_text_months.clone()
                                    aria-describedby="field-keep_text_months-error"/>
                                <p class="field-error" id="field-keep_text_months-error" aria-live="polite">{move || error.get().and_then(|e| e.for_field("keep_text_months"))}</p>
                            </div>
                            <button type="submit" class="button primary">"Save settings"</button>
                            <Show when=saved><p class="notice notice-ok" role="status">"Saved."</p></Show>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Transition>
        <ForgetSection/>
    }
}

/// "Remove one person's messages": on a customer's request, the text of
/// every output mentioning their email address or phone number goes.
#[component]
fn ForgetSection() -> impl IntoView {
    let forget = ServerAction::<ForgetPerson>::new();
    let error = action_error(forget);
    let done = move || forget.value().get().and_then(|r| r.ok());
    view! {
        <section class="card" aria-labelledby="forget-heading">
            <h2 id="forget-heading">"Remove one person's messages"</h2>
            <p>"When a customer asks you to delete what you hold about them: the text of every output and input that mentions their email address or phone number is removed for good. \
                The figures, verdicts and the audit log stay (it records how many texts went, not which). Backups keep what they held."</p>
            <ActionForm action=forget attr:class="form" attr:aria-label="Remove one person's messages">
                <FormError error/>
                <FieldShell label="Their email address" id="forget-email".into() field="email" error>
                    <input id="forget-email" type="email" name="email" autocomplete="off"/>
                </FieldShell>
                <FieldShell label="or their phone number" id="forget-phone".into() field="phone" error hint="Any spacing, with or without the country code.">
                    <input id="forget-phone" type="text" name="phone" inputmode="tel" autocomplete="off"/>
                </FieldShell>
                <label class="check"><input type="checkbox" required=true/>"I understand this cannot be undone."</label>
                <button type="submit" class="button danger">"Remove their messages"</button>
                {move || done().map(|n| view! {
                    <p class="notice notice-ok" role="status" data-testid="forgotten">
                        {format!("Removed the text of {n} output{}.", if n == 1 { "" } else { "s" })}
                    </p>
                })}
            </ActionForm>
        </section>
    }
}
