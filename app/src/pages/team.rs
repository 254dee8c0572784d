//! Owners add staff, change roles, and switch accounts off.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;

use crate::{
    api::team::{list_team, AddMember, ChangeRole, Role, SetMemberActive, User},
    components::form::{action_error, Field, FormError},
    pages::ErrorNotice,
};

#[component]
pub fn TeamPage() -> impl IntoView {
    let add = ServerAction::<AddMember>::new();
    let role = ServerAction::<ChangeRole>::new();
    let active = ServerAction::<SetMemberActive>::new();
    let members =
        crate::data::load(move || (add.version().get(), role.version().get(), active.version().get()), |_| list_team());
    let add_error = action_error(add);
    let row_error = Signal::derive(move || action_error(role).get().or_else(|| action_error(active).get()));
    view! {
        <Title text="Team"/>
        <h1>"Team"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) => view! {
                        <FormError error=row_error/>
                        <MemberTable list role active/>
                        <section class="card">
                            <h2>"Add a person"</h2>
                            <ActionForm action=add attr:class="form" attr:aria-label="Add a person">
                                <FormError error=add_error/>
                                <Field label="Name" name="name" error=add_error autocomplete="off"/>
                                <Field label="Email" name="email" kind="email" error=add_error autocomplete="off"/>
                                <RoleSelect id="field-role".to_string() selected="reviewer".to_string()/>
                                <button type="submit" class="button primary">"Add to the team"</button>
                            </ActionForm>
                            <NewMemberPassword add/>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RoleSelect(id: String, selected: String) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>"Role"</label>
            <select id=id name="role">
                {Role::ALL.iter().rev().map(|r| view! {
                    <option value=r.as_str() selected=r.as_str() == selected>{r.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn NewMemberPassword(add: ServerAction<AddMember>) -> impl IntoView {
    move || {
        add.value().get().and_then(|r| r.ok()).map(|added| view! {
            <div class="notice notice-ok" role="status">
                <p>{format!("{} ({}) is on the team.", added.name, added.email)}</p>
                <p>"Their temporary password, shown only this once: " <code class="secret">{added.temporary_password}</code></p>
                <p class="hint">"Give it to them in person; they can change it under their name at the top of the page."</p>
            </div>
        })
    }
}

#[component]
fn MemberTable(
    list: Vec<User>,
    role: ServerAction<ChangeRole>,
    active: ServerAction<SetMemberActive>,
) -> impl IntoView {
    view! {
        <ScrollTable label="Team members">
            <table class="table">
                <caption class="visually-hidden">"Team members"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Account"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|m| {
                        let select_id = format!("role-{}", m.id);
                        let next = !m.active;
                        view! {
                            <tr class:inactive=!m.active>
                                <td>{m.name.clone()}</td>
                                <td>{m.email.clone()}</td>
                                <td>
                                    <ActionForm action=role attr:class="inline-form">
                                        <input type="hidden" name="id" value=m.id/>
                                        <label class="visually-hidden" for=select_id.clone()>{format!("Role of {}", m.name)}</label>
                                        <select id=select_id name="role">
                                            {Role::ALL.iter().rev().map(|r| view! {
                                                <option value=r.as_str() selected=*r == m.role>{r.as_str()}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="submit" class="button small">"Save"</button>
                                    </ActionForm>
                                </td>
                                <td>
                                    <ActionForm action=active attr:class="inline-form">
                                        <input type="hidden" name="id" value=m.id/>
                                        <input type="hidden" name="active" value=next.to_string()/>
                                        <span>{if m.active { "On" } else { "Switched off" }}</span>
                                        <button type="submit" class="button small">{if m.active { "Switch off" } else { "Switch on" }}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
