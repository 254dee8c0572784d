//! Touchpoint server functions: everyone logged in reads; owners change.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::touchpoint::{Summary, TemplateLine, TouchpointInput};
use model::{
    alert::Alert,
    sampling::{Inspection, ModelChange, RecordedMove},
    touchpoint::StageChange,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointView {
    pub row: Summary,
    pub form: TouchpointInput,
    pub risk_reasons: Vec<String>,
    pub checklist: Vec<String>,
    pub history: Vec<StageChange>,
    pub inspection: Inspection,
    /// Inspection moves, newest first.
    pub inspection_moves: Vec<RecordedMove>,
    /// Model changes, newest first (no models when an owner reported a
    /// vendor's update).
    pub model_changes: Vec<ModelChange>,
    /// This touchpoint's alerts, open ones first.
    pub alerts: Vec<Alert>,
    /// High stakes and the second sign-off is on: two people approve.
    pub two_person: bool,
    /// The sign-off email carries one-tap Approve and Reject links.
    pub email_decisions: bool,
    /// Gate settings and webhook deliveries, for owners only.
    pub gate: Option<crate::api::gate::GateView>,
    /// The fact checks its outputs go through, and whether its owner chose
    /// them (else they are the defaults for its kind).
    pub checks: Vec<model::facts::Check>,
    pub checks_chosen: bool,
    /// What the fact checks flagged in each of the last eight weeks.
    pub check_weeks: Vec<model::facts::CheckWeek>,
    /// Weekly quality, findings and the model-change comparison.
    pub quality: crate::api::quality::QualityView,
}

/// A touchpoint's ingest token, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewToken {
    pub id: i64,
    pub name: String,
    pub token: String,
}

#[server(endpoint = "touchpoints/list")]
pub async fn list_touchpoints(include_retired: bool) -> Result<Vec<Summary>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let all = domain::touchpoints::list(&ssr::db()?, include_retired).await?;
    Ok(all.iter().map(|t| t.summary()).collect())
}

#[server(endpoint = "touchpoints/get")]
pub async fn get_touchpoint(id: i64) -> Result<TouchpointView, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let t = domain::touchpoints::get(&db, id).await?;
    let history = domain::touchpoints::stage_history(&db, id).await?;
    let inspection = domain::sampling::current_state(&db, id).await?;
    let inspection_moves = domain::sampling::moves(&db, id).await?;
    let model_changes = domain::sampling::model_changes(&db, id).await?;
    let alerts = domain::alerts::list(&db, Some(id), 20).await?;
    let gate_settings = domain::gate::gate_settings(&db, id).await?;
    let second_signoff = gate_settings.second_signoff;
    let gate = match me.role {
        domain::users::Role::Owner => Some(crate::api::gate::gate_view(&db, id).await?),
        _ => None,
    };
    Ok(TouchpointView {
        quality: crate::api::quality::quality_view(&db, id).await?,
        two_person: second_signoff && t.settings.stakes == domain::touchpoints::Stakes::High,
        email_decisions: gate_settings.email_decisions,
        gate,
        model_changes,
        alerts,
        check_weeks: domain::facts::figures::weekly(&db, id, 8, chrono::Utc::now()).await?,
        checks: t.checks.clone(),
        checks_chosen: t.checks_chosen,
        row: t.summary(),
        form: t.settings.to_input(),
        risk_reasons: t.settings.risk_rules.iter().map(|r| r.reason()).collect(),
        checklist: t.settings.checklist.clone(),
        history,
        inspection,
        inspection_moves,
    })
}

#[server(endpoint = "touchpoints/create")]
pub async fn create_touchpoint(input: TouchpointInput) -> Result<NewToken, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let settings = domain::touchpoints::Validate::validate(&input)?;
    let created = domain::touchpoints::create(&ssr::db()?, &owner.actor(), settings).await?;
    Ok(NewToken { id: created.touchpoint.id, name: created.touchpoint.settings.name, token: created.token })
}

#[server(endpoint = "touchpoints/update")]
pub async fn update_touchpoint(id: i64, input: TouchpointInput) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let settings = domain::touchpoints::Validate::validate(&input)?;
    domain::touchpoints::update(&ssr::db()?, &owner.actor(), id, settings).await?;
    Ok(())
}

#[server(endpoint = "touchpoints/stage")]
pub async fn change_stage(id: i64, stage: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let stage: model::touchpoint::Stage = stage.parse().map_err(domain::DomainError::from)?;
    domain::sampling::set_stage(&ssr::db()?, &owner.actor(), id, stage, &note).await?;
    Ok(())
}

/// "My vendor announced an update": treated like a model change.
#[server(endpoint = "touchpoints/model-update")]
pub async fn announce_model_update(id: i64, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::sampling::announce_update(&ssr::db()?, &owner.actor(), id, &note).await?;
    Ok(())
}

#[server(endpoint = "touchpoints/rotate-token")]
pub async fn rotate_token(id: i64) -> Result<NewToken, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let db = ssr::db()?;
    let token = domain::touchpoints::rotate_token(&db, &owner.actor(), id).await?;
    let name = domain::touchpoints::get(&db, id).await?.settings.name;
    Ok(NewToken { id, name, token })
}

#[server(endpoint = "touchpoints/retire")]
pub async fn retire_touchpoint(id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::touchpoints::retire(&ssr::db()?, &owner.actor(), id).await?;
    Ok(())
}

#[server(endpoint = "onboarding/templates")]
pub async fn onboarding_templates() -> Result<Vec<TemplateLine>, AppError> {
    crate::ssr::require_owner().await?;
    Ok(domain::touchpoints::templates::TEMPLATES.iter().map(|t| t.line()).collect())
}

/// Turns the ticked checklist items into touchpoints, all or nothing.
#[server(endpoint = "onboarding/create")]
pub async fn create_from_templates(#[server(default)] keys: Vec<String>) -> Result<Vec<NewToken>, AppError> {
    use crate::ssr;
    use domain::touchpoints::templates;
    let owner = ssr::require_owner().await?;
    if keys.is_empty() {
        return ssr::fail(AppError::Invalid {
            field: "keys".into(),
            message: "Tick at least one item, or skip this step.".into(),
        });
    }
    let mut all = Vec::new();
    for key in &keys {
        match templates::find(key) {
            Some(t) => all.push(t.settings()),
            None => {
                return ssr::fail(AppError::Invalid {
                    field: "keys".into(),
                    message: format!("'{key}' is not on the checklist."),
                })
            }
        }
    }
    let created = domain::touchpoints::create_many(&ssr::db()?, &owner.actor(), all).await?;
    Ok(created
        .into_iter()
        .map(|c| NewToken { id: c.touchpoint.id, name: c.touchpoint.settings.name, token: c.token })
        .collect())
}
