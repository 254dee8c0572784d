//! Touchpoint server functions: everyone logged in reads; owners change.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The touchpoint form's fields, as typed (validated on the server).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TouchpointForm {
    pub name: String,
    pub kind: String,
    pub vendor: String,
    pub description: String,
    pub audience: String,
    pub stakes: String,
    pub policy: String,
    pub sampling_mode: String,
    pub failure_rate_percent: String,
    pub confidence_percent: String,
    pub fixed_per_week: String,
    pub percent_per_week: String,
    pub risk_rules: String,
    pub risk_builtins: Vec<String>,
    pub guidelines: String,
    pub checklist: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub vendor: String,
    pub audience: String,
    pub stakes: String,
    pub policy: String,
    pub stage: String,
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageRow {
    pub from: Option<String>,
    pub to: String,
    pub at: String,
    pub actor: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointView {
    pub row: TouchpointRow,
    pub form: TouchpointForm,
    pub risk_reasons: Vec<String>,
    pub checklist: Vec<String>,
    pub history: Vec<StageRow>,
    /// normal, tightened, reduced or paused.
    pub inspection: String,
    /// Inspection moves, newest first (the `note` holds the reason).
    pub inspection_moves: Vec<StageRow>,
    /// Model changes, newest first (`from`/`to` are the models, empty when
    /// an owner reported a vendor's update).
    pub model_changes: Vec<StageRow>,
    /// This touchpoint's alerts, open ones first.
    pub alerts: Vec<crate::api::alerts::AlertRow>,
    /// High stakes and the second sign-off is on: two people approve.
    pub two_person: bool,
    /// Gate settings and webhook deliveries, for owners only.
    pub gate: Option<crate::api::gate::GateView>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateView {
    pub key: String,
    pub name: String,
    pub explain: String,
    pub stakes: String,
    pub policy: String,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use domain::touchpoints::{StageChange, Touchpoint};

    pub fn row(t: &Touchpoint) -> TouchpointRow {
        let s = &t.settings;
        TouchpointRow {
            id: t.id,
            name: s.name.clone(),
            kind: s.kind.to_string(),
            vendor: s.vendor.clone(),
            audience: s.audience.to_string(),
            stakes: s.stakes.to_string(),
            policy: s.policy.to_string(),
            stage: t.stage.to_string(),
            retired: t.retired_at.is_some(),
        }
    }

    pub fn stage_row(c: StageChange) -> StageRow {
        StageRow {
            from: c.from_stage.map(|s| s.to_string()),
            to: c.to_stage.to_string(),
            at: c.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: c.actor,
            note: c.note,
        }
    }
}

#[server(endpoint = "touchpoints/list")]
pub async fn list_touchpoints(include_retired: bool) -> Result<Vec<TouchpointRow>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let all = domain::touchpoints::list(&ssr::db()?, include_retired).await?;
    Ok(all.iter().map(convert::row).collect())
}

#[server(endpoint = "touchpoints/get")]
pub async fn get_touchpoint(id: i64) -> Result<TouchpointView, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let t = domain::touchpoints::get(&db, id).await?;
    let history = domain::touchpoints::stage_history(&db, id).await?.into_iter().map(convert::stage_row).collect();
    let inspection = domain::sampling::current_state(&db, id).await?.to_string();
    let inspection_moves = domain::sampling::moves(&db, id)
        .await?
        .into_iter()
        .map(|m| StageRow {
            from: Some(m.from_state.to_string()),
            to: m.to_state.to_string(),
            at: m.week,
            actor: "Second Look".into(),
            note: m.reason,
        })
        .collect();
    let model_changes = domain::sampling::model_changes(&db, id)
        .await?
        .into_iter()
        .map(|c| StageRow {
            from: c.from_model,
            to: c.to_model.unwrap_or_default(),
            at: c.happened_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: c.actor,
            note: c.note,
        })
        .collect();
    let alerts = domain::alerts::list(&db, Some(id), 20).await?.into_iter().map(crate::api::alerts::alert_row).collect();
    let second_signoff = domain::gate::gate_settings(&db, id).await?.second_signoff;
    let gate = match me.role {
        domain::users::Role::Owner => Some(crate::api::gate::gate_view(&db, id).await?),
        _ => None,
    };
    Ok(TouchpointView {
        quality: crate::api::quality::quality_view(&db, id).await?,
        two_person: second_signoff && t.settings.stakes == domain::touchpoints::Stakes::High,
        gate,
        model_changes,
        alerts,
        row: convert::row(&t),
        form: crate::ssr::reshape(t.settings.to_input())?,
        risk_reasons: t.settings.risk_rules.iter().map(|r| r.reason()).collect(),
        checklist: t.settings.checklist.clone(),
        history,
        inspection,
        inspection_moves,
    })
}

#[server(endpoint = "touchpoints/create")]
pub async fn create_touchpoint(input: TouchpointForm) -> Result<NewToken, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let settings = crate::ssr::reshape::<_, domain::touchpoints::TouchpointInput>(input)?.validate()?;
    let created = domain::touchpoints::create(&ssr::db()?, &owner.actor(), settings).await?;
    Ok(NewToken { id: created.touchpoint.id, name: created.touchpoint.settings.name, token: created.token })
}

#[server(endpoint = "touchpoints/update")]
pub async fn update_touchpoint(id: i64, input: TouchpointForm) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let settings = crate::ssr::reshape::<_, domain::touchpoints::TouchpointInput>(input)?.validate()?;
    domain::touchpoints::update(&ssr::db()?, &owner.actor(), id, settings).await?;
    Ok(())
}

#[server(endpoint = "touchpoints/stage")]
pub async fn change_stage(id: i64, stage: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let stage: domain::touchpoints::Stage = stage.parse()?;
    domain::touchpoints::set_stage(&ssr::db()?, &owner.actor(), id, stage, &note).await?;
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
pub async fn onboarding_templates() -> Result<Vec<TemplateView>, AppError> {
    crate::ssr::require_owner().await?;
    Ok(domain::touchpoints::templates::TEMPLATES
        .iter()
        .map(|t| TemplateView {
            key: t.key.into(),
            name: t.name.into(),
            explain: t.explain.into(),
            stakes: t.stakes.to_string(),
            policy: t.policy.to_string(),
        })
        .collect())
}

/// Turns the ticked checklist items into touchpoints, all or nothing.
#[server(endpoint = "onboarding/create")]
pub async fn create_from_templates(#[server(default)] keys: Vec<String>) -> Result<Vec<NewToken>, AppError> {
    use crate::ssr;
    use domain::touchpoints::templates;
    let owner = ssr::require_owner().await?;
    if keys.is_empty() {
        return ssr::fail(AppError::Invalid { field: "keys".into(), message: "Tick at least one item, or skip this step.".into() });
    }
    let mut all = Vec::new();
    for key in &keys {
        match templates::find(key) {
            Some(t) => all.push(t.settings()),
            None => return ssr::fail(AppError::Invalid { field: "keys".into(), message: format!("'{key}' is not on the checklist.") }),
        }
    }
    let created = domain::touchpoints::create_many(&ssr::db()?, &owner.actor(), all).await?;
    Ok(created.into_iter().map(|c| NewToken { id: c.touchpoint.id, name: c.touchpoint.settings.name, token: c.token }).collect())
}
