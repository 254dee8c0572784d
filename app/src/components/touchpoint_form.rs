//! The fields of a touchpoint, for creating and editing. Inputs are named
//! `input[...]` to match the server functions' `input` argument.

use leptos::prelude::*;
use model::touchpoint::{Audience, Kind, Policy, Stakes, BUILTINS};

use crate::{
    api::touchpoints::TouchpointInput,
    components::form::{options, Choice, FieldShell},
    error::AppError,
    text,
};

fn invalid(error: Signal<Option<AppError>>, field: &'static str) -> impl Fn() -> &'static str + Send + Sync + Copy {
    move || if error.get().and_then(|e| e.for_field(field)).is_some() { "true" } else { "false" }
}

#[component]
pub fn TouchpointFields(form: TouchpointInput, error: Signal<Option<AppError>>, creating: bool) -> impl IntoView {
    let mode = RwSignal::new(if form.sampling_mode.is_empty() {
        "statistical".to_string()
    } else {
        form.sampling_mode.clone()
    });
    let failure = RwSignal::new(if form.failure_rate_percent.is_empty() {
        "5".into()
    } else {
        form.failure_rate_percent.clone()
    });
    let confidence =
        RwSignal::new(if form.confidence_percent.is_empty() { "90".into() } else { form.confidence_percent.clone() });
    let fixed = RwSignal::new(if form.fixed_per_week.is_empty() { "20".into() } else { form.fixed_per_week.clone() });
    let percent =
        RwSignal::new(if form.percent_per_week.is_empty() { "10".into() } else { form.percent_per_week.clone() });
    let summary =
        move || text::sampling_summary(&mode.get(), &failure.get(), &confidence.get(), &fixed.get(), &percent.get());
    let automatic = creating.then_some("Automatic (recommended for the kind)");
    let kind = if form.kind.is_empty() { "email".to_string() } else { form.kind.clone() };

    view! {
        <fieldset>
            <legend>"What it is"</legend>
            <FieldShell label="Name" id="tp-name".into() field="name" error hint="A name your team recognises, e.g. \"Booking assistant\".">
                <input id="tp-name" type="text" name="input[name]" value=form.name.clone() required=true maxlength="80"
                    aria-invalid=invalid(error, "name") aria-describedby="tp-name-error"/>
            </FieldShell>
            <FieldShell label="Kind" id="tp-kind".into() field="kind" error>
                <Choice name="input[kind]" id="tp-kind".into() options=options(text::choices(Kind::ALL, Kind::label), None) selected=kind/>
            </FieldShell>
            <FieldShell label="Tool or vendor" id="tp-vendor".into() field="vendor" error hint="Which product or company's AI is behind it (optional).">
                <input id="tp-vendor" type="text" name="input[vendor]" value=form.vendor.clone() maxlength="100"/>
            </FieldShell>
            <FieldShell label="Description" id="tp-description".into() field="description" error>
                <textarea id="tp-description" name="input[description]" rows="2" maxlength="1000">{form.description.clone()}</textarea>
            </FieldShell>
            <FieldShell label="Who sees its output" id="tp-audience".into() field="audience" error>
                <Choice name="input[audience]" id="tp-audience".into() options=options(text::choices(Audience::ALL, Audience::label), automatic) selected=form.audience.clone()/>
            </FieldShell>
        </fieldset>
        <fieldset>
            <legend>"How it is reviewed"</legend>
            <FieldShell label="Stakes" id="tp-stakes".into() field="stakes" error hint="High-stakes output is held for a person to approve, with a senior's second sign-off.">
                <Choice name="input[stakes]" id="tp-stakes".into() options=options(text::choices(Stakes::ALL, Stakes::label), automatic) selected=form.stakes.clone()/>
            </FieldShell>
            <FieldShell label="Review policy" id="tp-policy".into() field="policy" error>
                <Choice name="input[policy]" id="tp-policy".into() options=options(text::choices(Policy::ALL, Policy::label), automatic) selected=form.policy.clone()/>
            </FieldShell>
            <FieldShell label="Weekly spot check size" id="tp-mode".into() field="sampling_mode" error>
                <Choice name="input[sampling_mode]" id="tp-mode".into() selected=mode.get_untracked()
                    options=vec![
                        ("statistical".into(), "Enough to catch a problem (recommended)".into()),
                        ("fixed".into(), "A fixed number each week".into()),
                        ("percent".into(), "A share of the week's outputs".into()),
                    ]
                    on_change=Callback::new(move |v| mode.set(v))/>
            </FieldShell>
            <div class="field-row" hidden=move || mode.get() != "statistical">
                <FieldShell label="Failure rate to catch (%)" id="tp-failure".into() field="failure_rate_percent" error>
                    <input id="tp-failure" type="text" inputmode="decimal" name="input[failure_rate_percent]" value=failure.get_untracked()
                        on:input=move |ev| failure.set(event_target_value(&ev)) aria-invalid=invalid(error, "failure_rate_percent")/>
                </FieldShell>
                <FieldShell label="Confidence (%)" id="tp-confidence".into() field="confidence_percent" error>
                    <input id="tp-confidence" type="text" inputmode="decimal" name="input[confidence_percent]" value=confidence.get_untracked()
                        on:input=move |ev| confidence.set(event_target_value(&ev)) aria-invalid=invalid(error, "confidence_percent")/>
                </FieldShell>
            </div>
            <div class="field-row" hidden=move || mode.get() != "fixed">
                <FieldShell label="Checks a week" id="tp-fixed".into() field="fixed_per_week" error>
                    <input id="tp-fixed" type="text" inputmode="numeric" name="input[fixed_per_week]" value=fixed.get_untracked()
                        on:input=move |ev| fixed.set(event_target_value(&ev))/>
                </FieldShell>
            </div>
            <div class="field-row" hidden=move || mode.get() != "percent">
                <FieldShell label="Share of outputs (%)" id="tp-percent".into() field="percent_per_week" error>
                    <input id="tp-percent" type="text" inputmode="decimal" name="input[percent_per_week]" value=percent.get_untracked()
                        on:input=move |ev| percent.set(event_target_value(&ev))/>
                </FieldShell>
            </div>
            <p class="sample-summary" aria-live="polite">{summary}</p>
        </fieldset>
        <fieldset>
            <legend>"Always review when it mentions…"</legend>
            <p class="hint">"Outputs that match any of these always go to a person, whatever the sample."</p>
            <div class="checks">
                {BUILTINS.iter().enumerate().map(|(i, (key, label, _))| {
                    let checked = form.risk_builtins.iter().any(|k| k == key);
                    let id = format!("tp-builtin-{key}");
                    view! {
                        <label class="check" for=id.clone()>
                            <input type="checkbox" id=id.clone() name=format!("input[risk_builtins][{i}]") value=*key checked=checked/>
                            {*label}
                        </label>
                    }
                }).collect_view()}
            </div>
            <FieldShell label="Your own words or phrases" id="tp-rules".into() field="risk_rules" error
                hint="One per line, e.g. refund or guarantee. Advanced: write /pattern/ for a regular expression.">
                <textarea id="tp-rules" name="input[risk_rules]" rows="3" aria-invalid=invalid(error, "risk_rules")>{form.risk_rules.clone()}</textarea>
            </FieldShell>
        </fieldset>
        <fieldset>
            <legend>"What good looks like"</legend>
            <FieldShell label="Guidelines" id="tp-guidelines".into() field="guidelines" error hint="A few sentences reviewers read beside each output.">
                <textarea id="tp-guidelines" name="input[guidelines]" rows="3" maxlength="5000">{form.guidelines.clone()}</textarea>
            </FieldShell>
            <FieldShell label="Checklist" id="tp-checklist".into() field="checklist" error hint="One item per line, in the order reviewers check them.">
                <textarea id="tp-checklist" name="input[checklist]" rows="5" aria-invalid=invalid(error, "checklist")>{form.checklist.clone()}</textarea>
            </FieldShell>
        </fieldset>
    }
}
