//! /touchpoints/:id/import: every way outputs get in without code — a file
//! upload with a column mapping and a progress bar, a paste box, and
//! copy-paste examples for connecting a tool.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::imports::ImportStatus;

use crate::{
    api::imports::{connect_info, import_status, ChooseReading, Connection, PasteOutput, StartImport},
    components::form::{action_error, FieldShell, FormError},
    pages::ErrorNotice,
};

#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let upload = move || query.with(|q| q.get("upload").and_then(|v| v.parse::<i64>().ok()));
    let error = move || query.with(|q| q.get("error"));
    // Resources live here, outside any Suspend, so that the server and the
    // browser create them in the same order (hydration depends on it).
    let info = crate::data::load(id, connect_info);
    let start = ServerAction::<StartImport>::new();
    let separator = ServerAction::<ChooseReading>::new();
    let tick = RwSignal::new(0u32);
    let running = RwSignal::new(false);
    let status = crate::data::load(
        move || (upload(), tick.get(), start.version().get(), separator.version().get()),
        |(upload, ..)| async move {
            match upload {
                Some(id) => import_status(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Poll only while an import runs, so the mapping form is never redrawn under the person.
    crate::components::poll::while_running(running, tick, std::time::Duration::from_millis(400));
    Effect::new(move |_| {
        if let Some(Ok(Some(v))) = status.get() {
            running.set(v.status == "running");
        }
    });
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (info, status) = (info.await, status.await);
                match (info, status) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                    (Ok(info), Ok(status)) => view! {
                        <Title text=format!("Send outputs to {}", info.name)/>
                        <p><a href=format!("/touchpoints/{}", id())>{format!("← {}", info.name)}</a></p>
                        <h1>{format!("Send outputs to {}", info.name)}</h1>
                        {error().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
                        {match status {
                            Some(v) => view! { <ImportState v start separator again=format!("/touchpoints/{}/import", id())/> }.into_any(),
                            None => view! { <Ways info touchpoint=id()/> }.into_any(),
                        }}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Ways(info: Connection, touchpoint: i64) -> impl IntoView {
    let paste = ServerAction::<PasteOutput>::new();
    let error = action_error(paste);
    let pasted = move || paste.value().get().and_then(|r| r.ok());
    let ics = info.kind == model::touchpoint::Kind::Scheduling;
    view! {
        <div class="cards">
            <section class="card" aria-labelledby="upload-heading">
                <h2 id="upload-heading">"Upload a file"</h2>
                <p>{if ics { "A CSV, spreadsheet (.xlsx, .xls, .ods) or JSON Lines export from your tool, or an .ics calendar file." } else { "A CSV, spreadsheet (.xlsx, .xls, .ods) or JSON Lines export from your tool, or one or many saved emails (.eml)." }}</p>
                <form method="post" enctype="multipart/form-data" action=format!("/touchpoints/{touchpoint}/import") class="form">
                    <div class="field">
                        <label for="import-file">"File"</label>
                        <input id="import-file" type="file" name="file" required=true multiple=true accept=".csv,.tsv,.jsonl,.ndjson,.txt,.xlsx,.xlsm,.xls,.ods,.ics,.eml"/>
                        <p class="hint">"Up to 50 MB. Rows already imported (same id) are skipped."</p>
                    </div>
                    <button type="submit" class="button primary">"Upload and preview"</button>
                </form>
            </section>
            <section class="card" aria-labelledby="paste-heading">
                <h2 id="paste-heading">"Paste one output"</h2>
                <ActionForm action=paste attr:class="form" attr:aria-label="Paste one output">
                    <FormError error/>
                    <input type="hidden" name="touchpoint_id" value=touchpoint/>
                    <FieldShell label="What the AI wrote" id="paste-output".into() field="output" error>
                        <textarea id="paste-output" name="output" rows="4" required=true></textarea>
                    </FieldShell>
                    <FieldShell label="What the customer asked (optional)" id="paste-input".into() field="input" error>
                        <textarea id="paste-input" name="input" rows="2"></textarea>
                    </FieldShell>
                    <FieldShell label="Model or version (optional)" id="paste-model".into() field="model" error>
                        <input id="paste-model" type="text" name="model" maxlength="200"/>
                    </FieldShell>
                    <FieldShell label="Its id in your tool (optional)" id="paste-external".into() field="external_id" error>
                        <input id="paste-external" type="text" name="external_id" maxlength="200"/>
                    </FieldShell>
                    <button type="submit" class="button primary">"Add output"</button>
                    {move || pasted().map(|id| view! { <p class="notice notice-ok" role="status">{format!("Output {id} is in.")}</p> })}
                </ActionForm>
            </section>
        </div>
        <Examples info/>
    }
}

#[component]
fn Examples(info: Connection) -> impl IntoView {
    let url = format!("{}/api/v1/outputs", info.base_url);
    let body = if info.kind == model::touchpoint::Kind::Scheduling {
        r#"{"output": "Booked Sam for a haircut on Friday at 10:00", "external_id": "booking-123", "booking": {"resource": "Chair 2", "starts_at": "2026-11-27T10:00:00Z", "ends_at": "2026-11-27T11:00:00Z"}}"#
    } else {
        r#"{"output": "The AI's reply", "input": "The customer's message", "external_id": "msg-123", "model": "model-name"}"#
    };
    let curl = format!(
        "curl -X POST {url} \\\n  -H \"Authorization: Bearer YOUR_CONNECTION_KEY\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{body}'"
    );
    view! {
        <section class="card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">"Connect a tool"</h2>
            <p>"Tools send each output as it happens. Replace YOUR_CONNECTION_KEY with this touchpoint's connection key."</p>
            <h3>"From a terminal or script (curl)"</h3>
            <pre class="code"><code>{curl}</code></pre>
            <h3>"From a no-code tool (Zapier, Make, n8n…)"</h3>
            <ol>
                <li>"Add a \"Webhook\" or \"HTTP request\" step after the AI step."</li>
                <li>"Method: " <code>"POST"</code> " · URL: " <code>{url.clone()}</code></li>
                <li>"Headers: " <code>"Authorization: Bearer YOUR_CONNECTION_KEY"</code> " and " <code>"Content-Type: application/json"</code></li>
                <li>"Body (JSON), with the AI's text in " <code>"output"</code> ": " <code>{body}</code></li>
            </ol>
            <p class="hint">"Sending the same external_id twice stores it once. The full reference: "
                <a href="/api/v1/openapi.json">"the API description (OpenAPI)"</a> "."</p>
        </section>
    }
}

#[component]
fn ImportState(
    v: ImportStatus,
    start: ServerAction<StartImport>,
    separator: ServerAction<ChooseReading>,
    again: String,
) -> impl IntoView {
    let start_error = action_error(start);
    let problems = (!v.errors.is_empty()).then(|| view! {
        <div class="notice notice-error" role="alert">
            <p>{format!("{} cannot be imported; nothing was stored. Fix these lines and upload it again:", v.file_name)}</p>
            <ul class="line-errors">
                {v.errors.iter().map(|e| view! {
                    <li>{if e.line > 0 { format!("Line {}: {}", e.line, e.message) } else { e.message.clone() }}</li>
                }).collect_view()}
            </ul>
            <p><a href=again.clone()>"Upload a corrected file"</a></p>
        </div>
    });
    let body = match v.status.as_str() {
        "uploaded" if v.errors.is_empty() && (v.format == "ics" || v.format == "eml") => view! {
            <section class="card">
                <p>{if v.format == "ics" {
                    format!("{} bookings found in {}.", v.events, v.file_name)
                } else {
                    format!("{} emails found in {}.", v.events, v.file_name)
                }}</p>
                <ActionForm action=start>
                    <FormError error=start_error/>
                    <input type="hidden" name="id" value=v.id/>
                    <button type="submit" class="button primary">{if v.format == "ics" { "Import the bookings" } else { "Import the emails" }}</button>
                </ActionForm>
            </section>
        }.into_any(),
        "uploaded" if v.errors.is_empty() => view! { <Reading v=v.clone() separator/> <Mapping v=v.clone() start/> }.into_any(),
        "running" => view! {
            <section class="card">
                <label for="import-progress">{format!("Importing {}: {} of {}", v.file_name, v.processed, v.total)}</label>
                <progress id="import-progress" max=v.total value=v.processed></progress>
            </section>
        }.into_any(),
        "done" => view! {
            <p class="notice notice-ok" role="status">
                {format!("Imported {} outputs from {}; {} already there were skipped.", v.stored, v.file_name, v.duplicates)}
            </p>
            <p><a href=again.clone()>"Send more"</a></p>
        }.into_any(),
        _ => ().into_any(),
    };
    view! { {problems} {body} }
}

/// How the file was read (encoding and separator, or the sheet; how dates
/// read), with a way to change each when the preview looks wrong.
#[component]
fn Reading(v: ImportStatus, separator: ServerAction<ChooseReading>) -> impl IntoView {
    let error = action_error(separator);
    let csv = !v.delimiter.is_empty();
    let sheets = v.sheets.clone();
    let read_as = match (csv, sheets.is_empty()) {
        (true, _) => format!("Read as {} text, columns separated by a {}.", v.encoding, v.delimiter),
        (false, false) => format!("Read from the sheet \"{}\" ({} in the workbook).", v.sheet, sheets.len()),
        (false, true) => format!("Read as {} text.", v.encoding),
    };
    let changeable = csv || sheets.len() > 1 || v.dates_ambiguous;
    let (order, delimiter, sheet) = (v.date_order.clone(), v.delimiter.clone(), v.sheet.clone());
    view! {
        <p class="hint" data-testid="reading">{read_as}</p>
        {(!v.time_example.is_empty()).then(|| view! { <p class="hint" data-testid="time-example">{format!("Times: {}.", v.time_example)}</p> })}
        {changeable.then(|| view! {
            <ActionForm action=separator attr:class="inline-form" attr:aria-label="How to read the file">
                <FormError error/>
                <input type="hidden" name="id" value=v.id/>
                {if csv {
                    view! {
                        <label for="import-separator">"Columns are separated by"</label>
                        <select id="import-separator" name="delimiter">
                            {[("comma", "commas"), ("semicolon", "semicolons"), ("tab", "tabs"), ("pipe", "pipes (|)")].into_iter().map(|(value, label)| {
                                view! { <option value=value selected=value == delimiter>{label}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                } else {
                    ().into_any()
                }}
                {(sheets.len() > 1).then(|| view! {
                    <label for="import-sheet">"Sheet"</label>
                    <select id="import-sheet" name="sheet">
                        {sheets.iter().map(|name| view! { <option value=name.clone() selected=*name == sheet>{name.clone()}</option> }).collect_view()}
                    </select>
                })}
                {if v.dates_ambiguous {
                    view! {
                        <label for="import-date-order">"Dates like 01/02/2026 are"</label>
                        <select id="import-date-order" name="date_order">
                            <option value="day-first" selected=order == "day-first">"day first (1 February)"</option>
                            <option value="month-first" selected=order == "month-first">"month first (January 2)"</option>
                        </select>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="date_order" value=order.clone()/> }.into_any()
                }}
                <button type="submit" class="button small">"Read again"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Mapping(v: ImportStatus, start: ServerAction<StartImport>) -> impl IntoView {
    let start_error = action_error(start);
    let fields = [
        ("output", "The AI's output (required)", v.guess.output.clone()),
        ("input", "The customer's message or prompt", v.guess.input.clone()),
        ("external_id", "Its id in your tool (to skip repeats)", v.guess.external_id.clone()),
        ("produced_at", "When it was produced", v.guess.produced_at.clone()),
        ("model", "Model or version", v.guess.model.clone()),
    ];
    let booking_fields = [
        ("resource", "What was booked (room, table, person)", v.guess.resource.clone()),
        ("starts_at", "Booking starts", v.guess.starts_at.clone()),
        ("ends_at", "Booking ends", v.guess.ends_at.clone()),
        ("customer", "For whom", v.guess.customer.clone()),
    ];
    let fields: Vec<_> = fields.into_iter().chain(booking_fields.into_iter().filter(|_| v.bookings)).collect();
    let columns = v.columns.clone();
    view! {
        <section class="card" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{format!("{}: {} rows", v.file_name, v.total)}</h2>
            <ScrollTable label="The first rows of the file">
                <table class="table">
                    <caption>"The first rows"</caption>
                    <thead><tr>{v.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {v.sample.iter().map(|row| view! {
                            <tr>{row.iter().map(|cell| view! { <td class="cell">{cell.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
            <ActionForm action=start attr:class="form" attr:aria-label="Column mapping">
                <FormError error=start_error/>
                <input type="hidden" name="id" value=v.id/>
                {fields.into_iter().map(|(name, label, guess)| {
                    let id = format!("map-{name}");
                    let problem = move || start_error.get().and_then(|e| e.for_field(name));
                    view! {
                        <div class="field" class:has-error=move || problem().is_some()>
                            <label for=id.clone()>{label}</label>
                            <p class="field-error" id=format!("{id}-error") aria-live="polite">{problem}</p>
                            <select id=id.clone() name=format!("mapping[{name}]") aria-describedby=format!("{id}-error")>
                                <option value="">"— not in the file —"</option>
                                {columns.iter().map(|c| view! { <option value=c.clone() selected=*c == guess>{c.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button primary">{format!("Import {} rows", v.total)}</button>
            </ActionForm>
        </section>
    }
}
