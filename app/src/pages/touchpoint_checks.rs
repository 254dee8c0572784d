//! The touchpoint page's fact-check section: which checks this tool's
//! outputs go through (owners choose; the defaults suit its kind).

use leptos::prelude::*;
use model::facts::Check;

use crate::{
    api::{facts::SetTouchpointChecks, touchpoints::TouchpointView},
    components::form::{action_error, FormError},
};

#[component]
pub fn ChecksSection(tp: TouchpointView, owner: bool, action: ServerAction<SetTouchpointChecks>) -> impl IntoView {
    let error = action_error(action);
    let on: Vec<&str> = tp.checks.iter().map(|c| c.label()).collect();
    let summary = if on.is_empty() { "No fact checks run on this touchpoint.".to_string() } else { on.join(" · ") };
    view! {
        <section class="card" aria-labelledby="checks-heading">
            <h2 id="checks-heading">"Checked against your facts"</h2>
            <p>"Every output is checked as it arrives against "<a href="/settings/facts">"what is true about your business"</a>
                "; anything that contradicts it goes to the review queue at once."</p>
            <p data-testid="checks-on">{summary}</p>
            {(!tp.checks_chosen).then(|| view! { <p class="hint">"These are the usual checks for this kind of tool."</p> })}
            {owner.then(|| view! {
                <ActionForm action attr:class="form" attr:aria-label="Fact checks">
                    <FormError error/>
                    <input type="hidden" name="id" value=tp.row.id/>
                    <fieldset class="checks">
                        <legend>"Checks for this touchpoint"</legend>
                        {Check::ALL.iter().enumerate().map(|(i, c)| {
                            let id = format!("check-{}", c.as_str());
                            let label_for = id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input type="checkbox" id=id name=format!("checks[{i}]") value=c.as_str() checked=tp.checks.contains(c)/>
                                    {c.label()}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button small">"Save the checks"</button>
                    " "
                    <button type="submit" class="button small" name="automatic" value="1">"Use the usual checks"</button>
                </ActionForm>
            })}
        </section>
    }
}
