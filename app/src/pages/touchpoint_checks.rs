//! The touchpoint page's fact-check section: which checks this tool's
//! outputs go through (owners choose; the defaults suit its kind).

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use model::facts::{Check, CheckWeek};

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
            <CheckWeeks weeks=tp.check_weeks.clone()/>
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

/// What each check flagged per week (newest first), and what reviewers made
/// of it: only the weeks and checks that flagged something.
#[component]
fn CheckWeeks(weeks: Vec<CheckWeek>) -> impl IntoView {
    let rows: Vec<(String, i64, model::facts::CheckCount)> = weeks
        .iter()
        .rev()
        .flat_map(|w| w.counts.iter().map(|c| (w.week.clone(), w.outputs, *c)))
        .filter(|(_, _, c)| c.flagged > 0)
        .collect();
    if rows.is_empty() {
        return view! { <p data-testid="check-weeks">"Nothing flagged in the last eight weeks."</p> }.into_any();
    }
    view! {
        <h3 id="check-weeks-heading">"What the checks flagged"</h3>
        <p class="hint">"Confirmed: a reviewer failed it, asked for a fix, or it was rejected or edited before approval. \
            Not a problem: a reviewer marked the finding so."</p>
        <ScrollTable label="What the checks flagged, week by week">
            <table data-testid="check-weeks">
                <thead><tr>
                    <th scope="col">"Week"</th><th scope="col">"Check"</th><th scope="col">"Flagged"</th>
                    <th scope="col">"Confirmed"</th><th scope="col">"Not a problem"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(week, outputs, c)| {
                        let share = if outputs > 0 { format!(" ({:.1}% of {outputs})", 100.0 * c.flagged as f64 / outputs as f64) } else { String::new() };
                        view! {
                            <tr>
                                <td>{week}</td><td>{c.check.label()}</td><td>{format!("{}{share}", c.flagged)}</td>
                                <td>{c.confirmed}</td><td>{c.dismissed}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}
