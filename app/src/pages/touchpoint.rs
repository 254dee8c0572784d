//! One touchpoint: what good looks like, its settings, its stage and history,
//! and its connection key. Owners edit; everyone else reads.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::facts::SetTouchpointChecks;
use model::{
    sampling::Inspection,
    touchpoint::{Kind, Policy, Stage, Stakes},
};

use crate::{
    api::touchpoints::{
        get_touchpoint, AnnounceModelUpdate, ChangeStage, RetireTouchpoint, RotateToken, TouchpointView,
        UpdateTouchpoint,
    },
    components::{
        clock::Clock,
        form::{action_error, options, Choice, FormError},
        layout::SessionResource,
        token::TokenNotice,
        touchpoint_form::TouchpointFields,
    },
    pages::{
        touchpoint_capture::CaptureSection,
        touchpoint_checks::ChecksSection,
        touchpoint_drift::DriftSection,
        touchpoint_gate::{GateActions, GateSection},
        touchpoint_quality::QualitySection,
        ErrorNotice,
    },
    text,
};

#[component]
pub fn TouchpointPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let update = ServerAction::<UpdateTouchpoint>::new();
    let stage = ServerAction::<ChangeStage>::new();
    let retire = ServerAction::<RetireTouchpoint>::new();
    let announce = ServerAction::<AnnounceModelUpdate>::new();
    let gate = GateActions::default();
    let checks = ServerAction::<SetTouchpointChecks>::new();
    let data = crate::data::load(
        move || {
            (
                id(),
                update.version().get(),
                stage.version().get(),
                retire.version().get(),
                announce.version().get(),
                gate.versions(),
                checks.version().get(),
            )
        },
        |(id, ..)| get_touchpoint(id),
    );
    let session = expect_context::<SessionResource>();
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let s = session.await.unwrap_or_default();
                let owner = s.me.is_some_and(|m| m.is_owner());
                let clock = s.clock;
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(tp) => view! { <Details tp clock owner update stage retire announce gate checks/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Details(
    tp: TouchpointView,
    clock: Clock,
    owner: bool,
    update: ServerAction<UpdateTouchpoint>,
    stage: ServerAction<ChangeStage>,
    retire: ServerAction<RetireTouchpoint>,
    announce: ServerAction<AnnounceModelUpdate>,
    gate: GateActions,
    checks: ServerAction<SetTouchpointChecks>,
) -> impl IntoView {
    let row = tp.row.clone();
    view! {
        <Title text=row.name.clone()/>
        <p><a href="/touchpoints">"← All touchpoints"</a></p>
        <div class="page-head">
            <h1>{row.name.clone()}</h1>
            <span class=format!("badge stage-{}", row.stage)>{row.stage.name()}</span>
        </div>
        {(!row.retired).then(|| view! {
            <p><a class="button primary" href=format!("/touchpoints/{}/import", row.id)>"Send outputs: upload, paste or connect a tool"</a></p>
        })}
        {row.retired.then(|| view! { <p class="notice notice-warn">"Retired: this touchpoint takes no more outputs. Its history is kept."</p> })}
        <p class="lead">
            {row.kind.label()}
            {(!row.vendor.is_empty()).then(|| format!(" by {}", row.vendor))}
            " · " {row.audience.label()}
            " · " {if row.stakes == Stakes::High { "high stakes" } else { "low stakes" }}
            " · " {row.policy.label()}
        </p>
        <div class="cards">
            <section class="card" aria-labelledby="good-heading">
                <h2 id="good-heading">"What good looks like"</h2>
                {if tp.form.guidelines.is_empty() && tp.checklist.is_empty() {
                    Some(view! { <p class="hint">"No guidelines yet. Owners can write them under Settings below."</p> })
                } else {
                    None
                }}
                <p class="guidelines">{tp.form.guidelines.clone()}</p>
                <ol class="checklist">{tp.checklist.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
            </section>
            <section class="card" aria-labelledby="rules-heading">
                <h2 id="rules-heading">"Always reviewed when it…"</h2>
                {if tp.risk_reasons.is_empty() {
                    view! { <p class="hint">"No rules yet."</p> }.into_any()
                } else {
                    view! { <ul>{tp.risk_reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
                <p class="sample-summary">{text::sampling_summary(&tp.form.sampling_mode, &tp.form.failure_rate_percent,
                    &tp.form.confidence_percent, &tp.form.fixed_per_week, &tp.form.percent_per_week)}</p>
            </section>
        </div>
        // Erased to AnyView: the page's full static type is too deep for the compiler.
        {view! { <QualitySection q=tp.quality.clone() clock=clock.clone()/> }.into_any()}
        {(!row.retired && matches!(row.kind, Kind::Email | Kind::Scheduling)).then(|| view! {
            <CaptureSection id=row.id kind=row.kind owner clock=clock.clone()/>
        }.into_any())}
        {view! { <ChecksSection tp=tp.clone() owner=owner && !row.retired action=checks/> }.into_any()}
        {view! { <InspectionSection tp=tp.clone()/> }.into_any()}
        {view! { <DriftSection tp=tp.clone() clock=clock.clone() owner=owner && !row.retired announce/> }.into_any()}
        {(row.policy != Policy::Sample).then(|| view! { <GateSection tp=tp.clone() clock=clock.clone() actions=gate/> }.into_any())}
        {view! { <StageSection tp=tp.clone() clock owner stage/> }.into_any()}
        {(owner && !row.retired).then(|| view! {
            <EditSection tp=tp.clone() update/>
            <ConnectionSection id=row.id retire/>
        }.into_any())}
    }
}

#[component]
fn InspectionSection(tp: TouchpointView) -> impl IntoView {
    let explain = match tp.inspection {
        Inspection::Tightened => "Tightened: recent weeks had too many problems (or the model changed), so the weekly sample is doubled until 5 good weeks in a row.",
        Inspection::Reduced => "Reduced (from an earlier version): the weekly sample now follows the plan again; a healthy tool keeps its full sample.",
        Inspection::Paused => "Paused: 5 bad weeks under tightened checks. Stop relying on this tool until it is fixed; we keep checking its outputs, twice as closely.",
        Inspection::Normal => "Normal: the weekly sample follows the plan (a pilot is checked at 95% confidence). 2 bad weeks out of 5 tighten it; a week that looks worse than usual doubles the next one.",
    };
    view! {
        <section class="card" aria-labelledby="inspection-heading">
            <h2 id="inspection-heading">"How closely it is checked"</h2>
            <p><span class=format!("badge inspection-{}", tp.inspection)>{tp.inspection.as_str()}</span></p>
            <p>{explain}</p>
            {(!tp.inspection_moves.is_empty()).then(|| view! {
                <ScrollTable label="Changes to how closely it is checked"><table class="table history">
                    <caption>"Changes"</caption>
                    <thead><tr><th scope="col">"Week"</th><th scope="col">"Change"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {tp.inspection_moves.iter().map(|m| view! {
                            <tr><td>{m.week.clone()}</td><td>{format!("{} → {}", m.from_state, m.to_state)}</td><td>{m.reason.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></ScrollTable>
            })}
        </section>
    }
}

#[component]
fn StageSection(tp: TouchpointView, clock: Clock, owner: bool, stage: ServerAction<ChangeStage>) -> impl IntoView {
    let error = action_error(stage);
    let id = tp.row.id;
    view! {
        <section class="card" aria-labelledby="stage-heading">
            <h2 id="stage-heading">"Stage"</h2>
            <p class="hint">"Start narrow, expand slowly: a new AI job starts as a pilot on one narrow task. "
                "Widen it (expanding) only once its output has earned trust, and call it trusted after that. "
                "Pause it whenever you stop relying on it."</p>
            {(owner && !tp.row.retired).then(|| view! {
                <ActionForm action=stage attr:class="inline-form" attr:aria-label="Change stage">
                    <FormError error/>
                    <input type="hidden" name="id" value=id/>
                    <label for="stage-select">"Move to"</label>
                    <Choice name="stage" id="stage-select".into() options=options(text::choices(Stage::ALL, Stage::label), None) selected=tp.row.stage.to_string()/>
                    <label for="stage-note" class="visually-hidden">"Why (optional)"</label>
                    <input id="stage-note" type="text" name="note" placeholder="Why? (optional)" maxlength="500"/>
                    <button type="submit" class="button small">"Change stage"</button>
                </ActionForm>
            })}
            <ScrollTable label="Stage history"><table class="table history">
                <caption>"Stage history"</caption>
                <thead><tr><th scope="col">"When"</th><th scope="col">"Change"</th><th scope="col">"Who"</th><th scope="col">"Note"</th></tr></thead>
                <tbody>
                    {tp.history.into_iter().map(|h| view! {
                        <tr>
                            <td class="nowrap">{clock.when(h.at)}</td>
                            <td>{match h.from_stage {
                                Some(from) => format!("{} → {}", from.name(), h.to_stage.name()),
                                None => format!("Started as {}", h.to_stage.name()),
                            }}</td>
                            <td>{h.actor}</td>
                            <td>{h.note}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></ScrollTable>
        </section>
    }
}

#[component]
fn EditSection(tp: TouchpointView, update: ServerAction<UpdateTouchpoint>) -> impl IntoView {
    let error = action_error(update);
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    view! {
        <section class="card" aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Settings"</h2>
            <ActionForm action=update attr:class="form" attr:aria-label="Touchpoint settings">
                <FormError error/>
                <input type="hidden" name="id" value=tp.row.id/>
                <TouchpointFields form=tp.form.clone() error creating=false/>
                <button type="submit" class="button primary">"Save changes"</button>
                <Show when=saved><p class="notice notice-ok" role="status">"Saved."</p></Show>
            </ActionForm>
        </section>
    }
}

#[component]
fn ConnectionSection(id: i64, retire: ServerAction<RetireTouchpoint>) -> impl IntoView {
    let rotate = ServerAction::<RotateToken>::new();
    let new_token = move || rotate.value().get().and_then(|r| r.ok());
    let confirm = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">"Connection"</h2>
            <p>"Tools send outputs to Second Look with this touchpoint's connection key. "
               "It was shown once when the touchpoint was made; make a new one if it is lost or leaked."</p>
            <ActionForm action=rotate attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button">"Make a new connection key"</button>
            </ActionForm>
            {move || new_token().map(|t| view! { <TokenNotice token=t fresh=false/> })}
        </section>
        <section class="card" aria-labelledby="retire-heading">
            <h2 id="retire-heading">"Retire"</h2>
            <p>"Stop using this touchpoint for good. It takes no more outputs; its history stays."</p>
            <label class="check"><input type="checkbox" on:change=move |ev| confirm.set(event_target_checked(&ev))/>
                "Yes, retire this touchpoint"</label>
            <ActionForm action=retire attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button danger" disabled=move || !confirm.get()>"Retire"</button>
            </ActionForm>
        </section>
    }
}
