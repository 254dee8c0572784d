//! /review/:id: one output at a time, keyboard first. 1 pass, 2 needs fix,
//! 3 fail, n note, Enter save and next, j/k next/previous, ? the keys.

use leptos::{prelude::*, wasm_bindgen::JsCast};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::{
    api::reviews::{get_queue_progress, open_review_item, Category, ItemView, SaveVerdict, Verdict},
    components::findings::{FindingList, MarkedText},
    components::form::{action_error, FieldShell, FormError},
    components::guidelines::Guidelines,
    pages::ErrorNotice,
};

/// What the reviewer is filling in.
#[derive(Clone, Copy)]
struct Form {
    verdict: RwSignal<String>,
    categories: RwSignal<Vec<String>>,
    checked: RwSignal<Vec<usize>>,
    note: RwSignal<String>,
    corrected: RwSignal<String>,
}

impl Form {
    fn load(&self, item: &ItemView) {
        let given = item.given.clone();
        self.verdict.set(given.as_ref().map(|g| g.verdict.to_string()).unwrap_or_default());
        self.categories
            .set(given.as_ref().map(|g| g.categories.iter().map(|c| c.to_string()).collect()).unwrap_or_default());
        self.checked.set(given.as_ref().map(|g| g.checked.clone()).unwrap_or_default());
        self.note.set(given.as_ref().map(|g| g.note.clone()).unwrap_or_default());
        self.corrected.set(given.map(|g| g.corrected_text).unwrap_or_default());
    }
}

fn toggle<T: PartialEq + Clone + Send + Sync + 'static>(list: RwSignal<Vec<T>>, value: T, on: bool) {
    list.update(|l| {
        l.retain(|v| *v != value);
        if on {
            l.push(value);
        }
    });
}

#[component]
pub fn ReviewItemPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let item = crate::data::load(id, open_review_item);
    let save = ServerAction::<SaveVerdict>::new();
    let progress = crate::data::load(move || save.version().get(), |_| get_queue_progress());
    let form = Form {
        verdict: RwSignal::new(String::new()),
        categories: RwSignal::new(vec![]),
        checked: RwSignal::new(vec![]),
        note: RwSignal::new(String::new()),
        corrected: RwSignal::new(String::new()),
    };
    let help = RwSignal::new(false);
    let note_ref = NodeRef::<leptos::html::Textarea>::new();
    // A short run ("review 5 now" from the weekly email): how many are left.
    let query = use_query_map();
    let run = Memo::new(move |_| query.read().get("run").and_then(|r| r.parse::<u32>().ok()));
    let navigate = use_navigate();
    let go = move |to: String| navigate(&to, Default::default());
    let clock = crate::components::clock::ClockSource::new();

    Effect::new(move |_| {
        if let Some(Ok(it)) = item.get() {
            form.load(&it);
            // A new item starts with the keys free: leave any text box.
            if let Some(el) =
                document().active_element().and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
            {
                let _ = el.blur();
            }
        }
    });
    Effect::new({
        let go = go.clone();
        move |_| {
            if let Some(Ok(next)) = save.value().get() {
                go(after_saving(next, run.get_untracked()));
            }
        }
    });
    let submit = move || {
        // Keys pressed while the next item is still loading must not save
        // the previous one again: only the item the address names is saved.
        let route = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
        if let Some(Ok(it)) = item.get_untracked().filter(|i| i.as_ref().is_ok_and(|i| Some(i.item_id) == route)) {
            save.dispatch(SaveVerdict {
                item_id: it.item_id,
                verdict: form.verdict.get_untracked(),
                categories: form.categories.get_untracked(),
                checked: form.checked.get_untracked(),
                note: form.note.get_untracked(),
                corrected_text: form.corrected.get_untracked(),
            });
        }
    };
    Effect::new(move |_| {
        let go = go.clone();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let target = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok());
            let typing =
                target.as_ref().is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"));
            let key = ev.key();
            if typing {
                if key == "Escape" {
                    if let Some(el) = target.and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
                        let _ = el.blur();
                    }
                } else if key == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                    ev.prevent_default();
                    submit();
                }
                return;
            }
            let neighbour =
                |pick: fn(&ItemView) -> Option<i64>| item.get_untracked().and_then(|r| r.ok()).and_then(|it| pick(&it));
            match key.as_str() {
                "1" => form.verdict.set("pass".into()),
                "2" => form.verdict.set("needs_fix".into()),
                "3" => form.verdict.set("fail".into()),
                "n" => {
                    ev.prevent_default();
                    if let Some(t) = note_ref.get() {
                        let _ = t.focus();
                    }
                }
                "Enter" => {
                    ev.prevent_default();
                    submit();
                }
                "j" => {
                    if let Some(n) = neighbour(|it| it.next) {
                        go(format!("/review/{n}"));
                    }
                }
                "k" => {
                    if let Some(p) = neighbour(|it| it.previous) {
                        go(format!("/review/{p}"));
                    }
                }
                "?" => help.update(|h| *h = !*h),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    });

    view! {
        <Title text="Review"/>
        <p class="progress-line" role="status">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    progress.await.ok().map(|p| format!(
                        "{} of {} done, about {} minutes left · you did {}", p.done, p.total, p.minutes_left, p.mine))
                })}
            </Transition>
        </p>
        <Show when=move || help.get()>
            <div class="notice keys" role="note">
                <p><strong>"Keys"</strong></p>
                <p><kbd>"1"</kbd>" pass · "<kbd>"2"</kbd>" needs fix · "<kbd>"3"</kbd>" fail · "<kbd>"n"</kbd>" write a note · "
                   <kbd>"Enter"</kbd>" save and next (Ctrl+Enter inside a text box) · "<kbd>"j"</kbd>"/"<kbd>"k"</kbd>" next/previous · "
                   <kbd>"Esc"</kbd>" leave a text box · "<kbd>"?"</kbd>" this help"</p>
            </div>
        </Show>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match item.await {
                    Err(e) => view! { <ErrorNotice error=e/> <p><a href="/review">"Back to the queue"</a></p> }.into_any(),
                    Ok(it) => view! { <ItemBody it clock form note_ref save submit/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ItemBody(
    it: ItemView,
    clock: crate::components::clock::Clock,
    form: Form,
    note_ref: NodeRef<leptos::html::Textarea>,
    save: ServerAction<SaveVerdict>,
    submit: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = action_error(save);
    let verdicts = [(Verdict::Pass, "1"), (Verdict::NeedsFix, "2"), (Verdict::Fail, "3")]
        .map(|(v, key)| (v.as_str(), key, v.label()));
    view! {
        <h1>{format!("{} · item {} of {}", it.touchpoint, it.position, it.total)}</h1>
        <p class="hint">{format!("Why it is here: {}. Produced {}{}.", it.reason, clock.when(it.produced_at),
            it.model.as_ref().map(|m| format!(" by {m}")).unwrap_or_default())}</p>
        {it.given.as_ref().map(|g| view! { <p class="notice notice-ok">{format!("{} already gave a verdict: {}. You can change it.", g.reviewer, g.verdict.label().to_lowercase())}</p> })}
        <div class="review-grid">
            <section class="card" aria-labelledby="output-heading">
                <h2 id="output-heading">"What the AI wrote"</h2>
                <FindingList findings=it.findings.clone() clock/>
                <MarkedText text=it.output.clone() findings=it.findings.clone()/>
                {it.input.clone().map(|i| view! { <h3>"What led to it"</h3><div class="ai-text input">{i}</div> })}
            </section>
            {(!it.guidelines.trim().is_empty() || !it.checklist.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="guide-heading">
                    <h2 id="guide-heading">"What good looks like"</h2>
                    <Guidelines text=it.guidelines.clone()/>
                    {(!it.checklist.is_empty()).then(|| view! {
                        <fieldset class="checks">
                            <legend>"Checklist: tick what this output gets right"</legend>
                            {it.checklist.iter().enumerate().map(|(i, text)| view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || form.checked.get().contains(&i)
                                        on:change=move |ev| toggle(form.checked, i, event_target_checked(&ev))/>
                                    {text.clone()}
                                </label>
                            }).collect_view()}
                        </fieldset>
                    })}
                </section>
            })}
        </div>
        <form class="card form verdict-form" aria-label="Verdict" data-verdict=move || form.verdict.get()
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <FormError error/>
            <fieldset class="verdicts">
                <legend>"Verdict"</legend>
                {verdicts.into_iter().map(|(value, key, label)| view! {
                    <label class=format!("verdict verdict-{value}")>
                        <input type="radio" name="verdict" value=value prop:checked=move || form.verdict.get() == value
                            on:change=move |_| form.verdict.set(value.into())/>
                        <kbd class="key-hint">{key}</kbd>" "{label}
                    </label>
                }).collect_view()}
                <p class="field-error" aria-live="polite">{move || error.get().and_then(|e| e.for_field("verdict"))}</p>
            </fieldset>
            <fieldset class="checks" hidden=move || form.verdict.get() == "pass" || form.verdict.get().is_empty()>
                <legend>"What is wrong"</legend>
                {Category::ALL.iter().map(|c| (c.as_str(), c.label())).map(|(value, label)| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || form.categories.get().iter().any(|c| c == value)
                            on:change=move |ev| toggle(form.categories, value.to_string(), event_target_checked(&ev))/>
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            // Folded on a phone until a verdict other than pass is chosen.
            <div class="verdict-more">
                <FieldShell label="Note" id="verdict-note".into() field="note" error hint="Required when it fails: what is wrong?">
                    <textarea id="verdict-note" node_ref=note_ref rows="2" prop:value=move || form.note.get()
                        on:input=move |ev| form.note.set(event_target_value(&ev))></textarea>
                </FieldShell>
                <FieldShell label="Corrected text (optional)" id="verdict-corrected".into() field="corrected_text" error>
                    <textarea id="verdict-corrected" rows="3" prop:value=move || form.corrected.get()
                        on:input=move |ev| form.corrected.set(event_target_value(&ev))></textarea>
                </FieldShell>
            </div>
            <RunLeft/>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || save.pending().get()>
                    "Save and next"<span class="key-hint">" (Enter)"</span>
                </button>
                {it.previous.map(|p| view! { <a class="button" href=format!("/review/{p}")>"Previous"<span class="key-hint">" (k)"</span></a> })}
                {it.next.map(|n| view! { <a class="button" href=format!("/review/{n}")>"Skip"<span class="key-hint">" (j)"</span></a> })}
            </div>
        </form>
    }
}

/// "3 to go in this short run", on a run started from the weekly email.
#[component]
fn RunLeft() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("run").and_then(|r| r.parse::<u32>().ok()).map(|left| {
            let what = if left == 1 { "This is the last one".to_string() } else { format!("{left} to go") };
            view! { <p class="hint" role="status" data-testid="run-left">{format!("{what} in this short run.")}</p> }
        })
    }
}

/// Where saving goes: the next item (counting down a short run), the queue
/// with a thank-you once the run is done, or the queue when nothing is left.
fn after_saving(next: Option<i64>, run: Option<u32>) -> String {
    match (next, run) {
        (_, Some(1)) => "/review?ran=1".to_string(),
        (None, _) => "/review".to_string(),
        (Some(n), Some(left)) if left > 1 => format!("/review/{n}?run={}", left - 1),
        (Some(n), _) => format!("/review/{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::after_saving;

    #[test]
    fn a_short_run_counts_down_to_the_queue() {
        assert_eq!(after_saving(Some(8), Some(5)), "/review/8?run=4");
        assert_eq!(after_saving(Some(8), Some(1)), "/review?ran=1");
        assert_eq!(after_saving(Some(8), None), "/review/8");
        assert_eq!(after_saving(None, Some(3)), "/review");
    }
}
