//! /review: the queue (every sampled item without a verdict, oldest week
//! first) and the reviewer's progress, week by week.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::reviews::get_queue_progress, pages::ErrorNotice};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let progress = crate::data::load(|| (), |_| get_queue_progress());
    let query = leptos_router::hooks::use_query_map();
    let ran = move || query.read().get("ran").is_some();
    view! {
        <Title text="Review"/>
        <h1>"Review"</h1>
        <Show when=ran>
            <p class="notice notice-ok" role="status">"That short run is done. Thank you! The rest waits here for whenever you have a few minutes."</p>
        </Show>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.week.is_none() => view! {
                        <div class="empty-state">
                            <p>"Your review queue is empty."</p>
                            <p class="hint">"Each week Second Look picks a sample of your AI's outputs for a person to check. They will appear here."</p>
                        </div>
                    }.into_any(),
                    Ok(p) => view! {
                        <section class="card" aria-labelledby="week-heading">
                            <h2 id="week-heading">"Spot check queue"</h2>
                            <p class="progress-line" role="status">
                                {format!("{} of {} done", p.done, p.total)}
                                {(p.done < p.total).then(|| format!(", about {} minutes left", p.minutes_left))}
                                {format!(" · you did {}", p.mine)}
                            </p>
                            <progress max=p.total value=p.done aria-label="Queue progress"></progress>
                            {(p.weeks.len() > 1).then(|| view! { <ul class="week-progress" aria-label="Progress by week">
                                {p.weeks.iter().map(|w| view! {
                                    <li data-week=w.week.clone()>
                                        <span>{format!("{}: {} of {} done", w.week, w.done, w.total)}</span>
                                        {(w.done < w.total).then(|| view! { <span class="hint">{format!(" · {} left", w.total - w.done)}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul> })}
                            {(p.weeks.iter().filter(|w| w.done < w.total).count() > 1).then(|| view! {
                                <p class="hint">"Older weeks come first: nothing leaves the queue until it has a verdict."</p>
                            })}
                            {match p.next {
                                Some(id) => view! { <p>
                                    <a class="button primary" href=format!("/review/{id}")>"Start reviewing"</a>" "
                                    <a class="button" href=format!("/review/{id}?run=5")>"Review 5 now"</a>
                                </p> }.into_any(),
                                None => view! { <p class="notice notice-ok">"Nothing left for you. Thank you!"</p> }.into_any(),
                            }}
                            <p class="hint">"Keys while reviewing: 1 pass, 2 needs fix, 3 fail, n note, Enter save and next, j/k next/previous, ? all keys."</p>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
