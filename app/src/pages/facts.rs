//! /settings/facts — "What is true about your business": the prices, hours,
//! contacts, services and phrases every output is checked against.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::facts::{get_facts, recheck_status, FactsInput, Recheck, StartRecheck, UpdateFacts},
    components::form::{action_error, FieldShell, FormError},
    error::AppError,
    pages::ErrorNotice,
};

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

#[component]
pub fn FactsPage() -> impl IntoView {
    let update = ServerAction::<UpdateFacts>::new();
    let current = crate::data::load(move || update.version().get(), |_| get_facts());
    let error = action_error(update);
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    view! {
        <Title text="What is true about your business"/>
        <p><a href="/settings">"← Settings"</a></p>
        <h1>"What is true about your business"</h1>
        <p class="lead">"Every output is checked against these facts as it arrives: a wrong price, made-up opening hours, \
            a phone number that is not yours or a promise you never make is flagged for a person at once. Fill in what you can; \
            every part is optional."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(f) => view! { <FactsForm f update error/> }.into_any(),
                }
            })}
        </Transition>
        <Show when=saved><p class="notice notice-ok" role="status">"Saved. New outputs are checked against these facts from now on; \
            re-check the last four weeks below to apply them to outputs already in."</p></Show>
        <RecheckSection/>
    }
}

/// "Re-check the last four weeks", with its progress while it runs.
#[component]
fn RecheckSection() -> impl IntoView {
    let start = ServerAction::<StartRecheck>::new();
    let error = action_error(start);
    let tick = RwSignal::new(0u32);
    let running = RwSignal::new(false);
    let status = crate::data::load(move || (tick.get(), start.version().get()), |_| recheck_status());
    crate::components::poll::while_running(running, tick, std::time::Duration::from_millis(700));
    let clock = crate::components::clock::ClockSource::new();
    Effect::new(move |_| {
        if let Some(Ok(r)) = status.get() {
            running.set(r.is_some_and(|r| r.finished_at.is_none()));
        }
    });
    view! {
        <section class="card" aria-labelledby="recheck-heading">
            <h2 id="recheck-heading">"Re-check recent outputs"</h2>
            <p>"After you change the facts, check the outputs of the last four weeks against them again. \
                Anything that now contradicts them goes to the review queue; findings the new facts no longer support are removed."</p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let clock = clock.get().await;
                    match status.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(r) => view! { <RecheckState r clock/> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=start attr:aria-label="Re-check the last four weeks">
                <FormError error/>
                <button type="submit" class="button" disabled=move || running.get()>"Re-check the last four weeks"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RecheckState(r: Option<Recheck>, clock: crate::components::clock::Clock) -> impl IntoView {
    let Some(r) = r else { return view! { <p>"No re-check has run yet."</p> }.into_any() };
    let text = match (&r.finished_at, &r.error) {
        (None, _) => format!("Re-checking: {} of {} outputs so far, {} newly flagged.", r.done, r.total, r.newly_flagged),
        (Some(_), Some(e)) => e.clone(),
        (Some(at), None) => format!(
            "Re-checked {} output{} ({}): {} newly flagged for review, {} finding{} cleared as the facts no longer support {}.",
            r.done,
            if r.done == 1 { "" } else { "s" },
            clock.when(*at),
            r.newly_flagged,
            r.cleared,
            if r.cleared == 1 { "" } else { "s" },
            if r.cleared == 1 { "it" } else { "them" }
        ),
    };
    view! {
        <div role="status" data-testid="recheck">
            {r.finished_at.is_none().then(|| view! {
                <progress max=r.total.max(1) value=r.done aria-label="Re-check progress"></progress>
            })}
            <p>{text}</p>
        </div>
    }
    .into_any()
}

#[component]
fn FactsForm(f: FactsInput, update: ServerAction<UpdateFacts>, error: Signal<Option<AppError>>) -> impl IntoView {
    let area = move |name: &'static str, label: &'static str, hint: &'static str, value: String, rows: &'static str| {
        let id = format!("facts-{name}");
        view! {
            <FieldShell label id=id.clone() field=name error hint>
                <textarea id=id name=format!("input[{name}]") rows=rows>{value}</textarea>
            </FieldShell>
        }
    };
    view! {
        <ActionForm action=update attr:class="form card" attr:aria-label="Business facts">
            <FormError error/>
            <fieldset>
                <legend>"Prices"</legend>
                <FieldShell label="Currency" id="facts-currency".into() field="currency" error hint="Three letters, such as GBP, EUR or USD.">
                    <input id="facts-currency" type="text" name="input[currency]" value=f.currency.clone() maxlength="3" size="4"/>
                </FieldShell>
                {area("prices", "Price list", "One item a line: item, price, unit, other names (separated by ;). \
                    For example: Sourdough loaf, 5.20, per loaf, large sourdough; sourdough. You can paste a CSV file here.", f.prices.clone(), "8")}
            </fieldset>
            <fieldset>
                <legend>"Opening hours"</legend>
                <p class="hint">"For each day, such as 09:00-17:30, or two stretches as 09:00-12:00, 13:00-17:00. Leave a day empty when you are closed."</p>
                {WEEKDAYS.iter().enumerate().map(|(i, day)| {
                    let id = format!("facts-hours-{i}");
                    view! {
                        <div class="field field-inline">
                            <label for=id.clone()>{*day}</label>
                            <input id=id type="text" name=format!("input[hours][{i}]") value=f.hours.get(i).cloned().unwrap_or_default() placeholder="closed"/>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error" aria-live="polite">{move || error.get().and_then(|e| e.for_field("hours"))}</p>
                {area("closures", "Days closed", "One a line, such as 2026-12-25 Christmas.", f.closures.clone(), "3")}
                <FieldShell label="Longest booking (minutes)" id="facts-max".into() field="max_booking_minutes" error hint="For booking tools: a longer booking is flagged.">
                    <input id="facts-max" type="text" inputmode="numeric" name="input[max_booking_minutes]" value=f.max_booking_minutes.clone()/>
                </FieldShell>
            </fieldset>
            <fieldset>
                <legend>"How customers reach you"</legend>
                {area("phones", "Your phone numbers", "One a line, in any format.", f.phones.clone(), "2")}
                {area("emails", "Your email addresses", "One a line.", f.emails.clone(), "2")}
                {area("domains", "Your websites", "One a line, such as cornerbakery.co.uk. Links to any other site are flagged.", f.domains.clone(), "2")}
            </fieldset>
            <fieldset>
                <legend>"Services and promises"</legend>
                {area("offered", "Services you offer", "One a line.", f.offered.clone(), "3")}
                {area("not_offered", "Services you do not offer", "One a line, such as delivery or gluten-free. A reply offering one is flagged.", f.not_offered.clone(), "3")}
                {area("forbidden", "Words never to use or promise", "One a line, such as refund, guarantee, free or a competitor's name. \
                    Found ignoring capitals, accents and endings (refunds, refunded); not when the reply says you do not offer it.", f.forbidden.clone(), "3")}
            </fieldset>
            <button type="submit" class="button primary">"Save the facts"</button>
        </ActionForm>
    }
}
