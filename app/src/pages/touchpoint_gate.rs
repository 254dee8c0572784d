//! The touchpoint page's approval-gate section: who must approve, where the
//! decision is sent (callback URL and its signing secret), when waiting
//! outputs escalate, and the webhook deliveries with a "send again" button.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use model::gate::TimeoutAction;

use crate::{
    api::{
        gate::{Delivery, GateView, RedeliverWebhook, RotateWebhookSecret, UpdateGate},
        touchpoints::TouchpointView,
    },
    components::{
        clock::Clock,
        form::{action_error, options, Choice, FieldShell, FormError},
    },
    text,
};

/// The gate's actions, made at the top of the page so its data reloads after each.
#[derive(Clone, Copy, Default)]
pub struct GateActions {
    pub update: ServerAction<UpdateGate>,
    pub rotate: ServerAction<RotateWebhookSecret>,
    pub redeliver: ServerAction<RedeliverWebhook>,
}

impl GateActions {
    pub fn versions(&self) -> (usize, usize, usize) {
        (self.update.version().get(), self.rotate.version().get(), self.redeliver.version().get())
    }
}

#[component]
pub fn GateSection(tp: TouchpointView, clock: Clock, actions: GateActions) -> impl IntoView {
    let who = if tp.two_person {
        "High stakes: a first approval, then a different senior or owner signs off. Nobody approves their own output."
    } else if tp.row.stakes == model::touchpoint::Stakes::High {
        "The second sign-off is off for this touchpoint: one approval is enough."
    } else {
        "One approval from anyone on the team is enough. Nobody approves their own output."
    };
    view! {
        <section class="card" aria-labelledby="gate-heading">
            <h2 id="gate-heading">"Approval before sending"</h2>
            <p data-testid="two-person">{who}</p>
            <p data-testid="email-decisions">{if tp.email_decisions {
                "The sign-off email has Approve and Reject buttons: each works once, for the person it was sent to, after a confirmation page."
            } else {
                "Decisions are made logged in: the sign-off email links to the approvals page only."
            }}</p>
            {tp.gate.map(|g| view! { <GateSettingsForm id=tp.row.id g=g.clone() actions/> <Deliveries list=g.deliveries clock=clock.clone() actions/> })}
        </section>
    }
}

#[component]
fn GateSettingsForm(id: i64, g: GateView, actions: GateActions) -> impl IntoView {
    let error = action_error(actions.update);
    let saved = move || matches!(actions.update.value().get(), Some(Ok(_)));
    let secret = move || {
        let made = actions.update.value().get().and_then(|r| r.ok()).flatten();
        made.or_else(|| actions.rotate.value().get().and_then(|r| r.ok()))
    };
    view! {
        <ActionForm action=actions.update attr:class="form" attr:aria-label="Approval settings">
            <FormError error/>
            <input type="hidden" name="id" value=id/>
            <label class="check">
                <input type="checkbox" name="second_signoff" value="on" checked=g.form.second_signoff/>
                "On high-stakes output, require a second sign-off by a different senior or owner"
            </label>
            <label class="check">
                <input type="checkbox" name="email_decisions" value="on" checked=g.form.email_decisions/>
                "Allow one-tap Approve and Reject from the sign-off email (each link works once, for one person, after a confirmation)"
            </label>
            <FieldShell label="Callback URL (optional)" id="gate-callback".into() field="callback_url" error
                hint="Where Second Look posts each decision, signed. Leave empty if your tool asks instead.">
                <input id="gate-callback" type="url" name="callback_url" value=g.form.callback_url.clone() placeholder="https://your-tool.example/second-look"/>
            </FieldShell>
            <FieldShell label="Alert seniors after (working hours)" id="gate-escalate".into() field="escalate_after_hours" error>
                <input id="gate-escalate" type="text" inputmode="decimal" name="escalate_after_hours" value=g.form.escalate_after_hours.clone()/>
            </FieldShell>
            <div class="field-row">
                <FieldShell label="Give up waiting after (hours, optional)" id="gate-hard".into() field="hard_timeout_hours" error>
                    <input id="gate-hard" type="text" inputmode="decimal" name="hard_timeout_hours" value=g.form.hard_timeout_hours.clone()/>
                </FieldShell>
                <FieldShell label="Then" id="gate-timeout-action".into() field="timeout_action" error
                    hint="Never approved automatically.">
                    <Choice name="timeout_action" id="gate-timeout-action".into() options=options(text::choices(TimeoutAction::ALL, TimeoutAction::label), None) selected=g.form.timeout_action.clone()/>
                </FieldShell>
            </div>
            <button type="submit" class="button primary">"Save approval settings"</button>
            <Show when=saved><p class="notice notice-ok" role="status">"Saved."</p></Show>
        </ActionForm>
        {move || secret().map(|s| view! {
            <div class="notice notice-warn" role="status">
                <p>"Webhook signing secret (shown only this once; give it to your tool to check signatures):"</p>
                <p><code class="token" data-testid="webhook-secret">{s}</code></p>
            </div>
        })}
        {g.has_secret.then(|| view! {
            <ActionForm action=actions.rotate attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button small">"Make a new signing secret"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Deliveries(list: Vec<Delivery>, clock: Clock, actions: GateActions) -> impl IntoView {
    let error = action_error(actions.redeliver);
    (!list.is_empty()).then(|| view! {
        <FormError error/>
        <ScrollTable label="Decisions sent to your tool">
            <table class="table history">
                <caption>"Decisions sent to your tool"</caption>
                <thead><tr>
                    <th scope="col">"Output"</th><th scope="col">"State"</th><th scope="col">"Tries"</th>
                    <th scope="col">"Last problem"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|d| view! {
                        <tr>
                            <td>{format!("#{} · {}", d.output_id, clock.when(d.created_at))}</td>
                            <td>{match d.state.as_str() {
                                "delivered" => format!("Delivered {}", clock.when(d.delivered_at.unwrap_or(d.next_attempt_at))),
                                "pending" => format!("Next try {}", clock.when(d.next_attempt_at)),
                                _ => "Gave up after 24 hours".to_string(),
                            }}</td>
                            <td>{d.attempts}</td>
                            <td>{d.last_error.clone().unwrap_or_default()}</td>
                            <td>
                                <ActionForm action=actions.redeliver attr:class="inline-form">
                                    <input type="hidden" name="delivery_id" value=d.id/>
                                    <button type="submit" class="button small">"Send again"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    })
}
