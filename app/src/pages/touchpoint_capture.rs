//! "Capture with no code" on a touchpoint page: connect a mailbox (email
//! touchpoints) or subscribe to a calendar (scheduling ones), then see the
//! last good fetch, any problem and the capture log. Owners change it;
//! everyone else reads.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;

use model::{
    capture::{CaptureKind, CaptureStatus},
    touchpoint::Kind,
};

use crate::{
    api::capture::{get_capture, StopCapture, SubscribeCalendar, TestMailbox},
    components::{
        clock::Clock,
        form::{action_error, FieldShell, FormError},
    },
};

#[component]
pub fn CaptureSection(id: i64, kind: Kind, owner: bool, clock: Clock) -> impl IntoView {
    let mailbox = ServerAction::<TestMailbox>::new();
    let calendar = ServerAction::<SubscribeCalendar>::new();
    let stop = ServerAction::<StopCapture>::new();
    let status = crate::data::load(
        move || (mailbox.version().get(), calendar.version().get(), stop.version().get()),
        move |_| get_capture(id),
    );
    let heading = if kind == Kind::Scheduling { "Subscribe to a calendar" } else { "Connect a mailbox" };
    view! {
        <section class="card" aria-labelledby="capture-heading">
            <h2 id="capture-heading">{heading}</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    let clock = clock.clone();
                    Suspend::new(async move {
                    match status.await {
                        Ok(Some(s)) => view! { <Status s clock owner id stop/> }.into_any(),
                        Ok(None) => view! { <p class="hint">{if kind == Kind::Scheduling {
                            "Paste your booking calendar's address and every booking becomes an output here, with no code."
                        } else {
                            "Have your AI tool BCC its replies to a mailbox (or forward a folder there), connect it here, and every email becomes an output, with no code."
                        }}</p> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}}
            </Transition>
            {owner.then(|| if kind == Kind::Scheduling {
                view! { <CalendarForm id action=calendar/> }.into_any()
            } else {
                view! { <MailboxForm id action=mailbox/> }.into_any()
            })}
        </section>
    }
}

#[component]
fn Status(s: CaptureStatus, clock: Clock, owner: bool, id: i64, stop: ServerAction<StopCapture>) -> impl IntoView {
    let what = match s.kind {
        CaptureKind::Mailbox => {
            format!("Taking email from the folder {} on {} (user {}).", s.folder, s.host, s.username)
        }
        CaptureKind::Feed => format!("Reading a calendar on {} every 15 minutes.", s.host),
    };
    let last = match s.last_ok_at {
        Some(t) => format!("Last good fetch: {}. Taken so far: {}.", clock.when(t), s.taken),
        None => "Not fetched yet: the first fetch runs within a minute.".to_string(),
    };
    view! {
        <p data-testid="capture-state">{what}</p>
        <p>{last}</p>
        {(s.backlog > 0).then(|| view! { <p role="status">{format!("{} older messages still to take; they come in steps of 100.", s.backlog)}</p> })}
        {s.failing_since.map(|since| view! {
            <p class="notice notice-error" role="alert" data-testid="capture-problem">
                {format!("Not working since {}: {}", clock.when(since), s.last_problem.clone().unwrap_or_default())}
            </p>
        })}
        {(!s.log.is_empty()).then(|| view! {
            <ScrollTable label="Capture log">
                <table class="table history">
                    <caption>"Capture log"</caption>
                    <thead><tr><th scope="col">"When"</th><th scope="col">"What happened"</th></tr></thead>
                    <tbody>
                        {s.log.iter().map(|l| view! {
                            <tr class:problem=l.problem>
                                <td class="nowrap">{clock.when(l.at)}</td>
                                <td>{if l.problem { format!("Problem: {}", l.message) } else { l.message.clone() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
        })}
        {owner.then(|| view! {
            <ActionForm action=stop attr:class="inline-form">
                <input type="hidden" name="touchpoint" value=id/>
                <button type="submit" class="button small">"Stop capturing"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn MailboxForm(id: i64, action: ServerAction<TestMailbox>) -> impl IntoView {
    let error = action_error(action);
    let answer = move || action.value().get().and_then(|r| r.ok());
    let tls_options = [
        ("implicit", "TLS (port 993)"),
        ("starttls", "STARTTLS (port 143)"),
        ("plain", "None (only for a mail server on this machine)"),
    ];
    view! {
        <ActionForm action attr:class="form" attr:aria-label="Connect a mailbox">
            <FormError error/>
            <input type="hidden" name="touchpoint" value=id/>
            <FieldShell label="Mail server (IMAP)" id="capture-host".into() field="host" error hint="For example imap.gmail.com or outlook.office365.com.">
                <input id="capture-host" type="text" name="input[host]" required=true autocomplete="off"/>
            </FieldShell>
            <div class="field-row">
                <FieldShell label="Protection" id="capture-tls".into() field="tls" error>
                    <select id="capture-tls" name="input[tls]">
                        {tls_options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    </select>
                </FieldShell>
                <FieldShell label="Port (optional)" id="capture-port".into() field="port" error>
                    <input id="capture-port" type="text" inputmode="numeric" name="input[port]" placeholder="993"/>
                </FieldShell>
            </div>
            <FieldShell label="User name" id="capture-user".into() field="username" error>
                <input id="capture-user" type="text" name="input[username]" required=true autocomplete="off"/>
            </FieldShell>
            <FieldShell label="Password" id="capture-password".into() field="password" error hint="Kept sealed; never shown again. Use an app password where your provider offers one.">
                <input id="capture-password" type="password" name="input[password]" required=true autocomplete="new-password"/>
            </FieldShell>
            <FieldShell label="Folder" id="capture-folder".into() field="folder" error hint="Where the AI's replies land: INBOX for a dedicated mailbox, or the folder a rule files them in.">
                <input id="capture-folder" type="text" name="input[folder]" value="INBOX"/>
            </FieldShell>
            <fieldset class="field">
                <legend>"Which messages"</legend>
                <label class="check"><input type="radio" name="input[start]" value="now" checked=true/>" From now on"</label>
                <label class="check"><input type="radio" name="input[start]" value="date"/>" From a date (older messages are taken in steps):"</label>
                <FieldShell label="Start date" id="capture-since".into() field="since" error>
                    <input id="capture-since" type="date" name="input[since]"/>
                </FieldShell>
            </fieldset>
            <div class="button-row">
                <button type="submit" name="intent" value="test" class="button">"Test the connection"</button>
                <button type="submit" name="intent" value="connect" class="button primary">"Connect"</button>
            </div>
            {move || answer().map(|a| view! { <p class="notice notice-ok" role="status" data-testid="capture-answer">{a}</p> })}
        </ActionForm>
    }
}

#[component]
fn CalendarForm(id: i64, action: ServerAction<SubscribeCalendar>) -> impl IntoView {
    let error = action_error(action);
    let answer = move || action.value().get().and_then(|r| r.ok());
    view! {
        <ActionForm action attr:class="form" attr:aria-label="Subscribe to a calendar">
            <FormError error/>
            <input type="hidden" name="touchpoint" value=id/>
            <FieldShell label="Calendar address (.ics)" id="capture-address".into() field="address" error
                hint="In your booking tool or calendar, look for \"secret address in iCal format\" or \"subscribe\". It is kept sealed.">
                <input id="capture-address" type="url" name="address" required=true autocomplete="off" placeholder="https://…/basic.ics"/>
            </FieldShell>
            <button type="submit" class="button primary">"Subscribe"</button>
            {move || answer().map(|a| view! { <p class="notice notice-ok" role="status" data-testid="capture-answer">{a}</p> })}
        </ActionForm>
    }
}
