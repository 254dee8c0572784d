//! `secondlook touchpoint add | list | rotate-token`.

use domain::touchpoints::Validate as _;

use domain::{
    touchpoints::{self, TouchpointInput},
    Actor,
};
use serde_json::json;

use crate::config::Settings;

pub async fn add(
    settings: &Settings,
    name: String,
    kind: String,
    stakes: Option<String>,
    policy: Option<String>,
    as_json: bool,
) -> anyhow::Result<()> {
    let input = TouchpointInput {
        name,
        kind,
        stakes: stakes.unwrap_or_default(),
        policy: policy.unwrap_or_default(),
        ..Default::default()
    };
    let validated = input.validate()?;
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let created = touchpoints::create(&db, &Actor::Cli, validated).await?;
    let t = &created.touchpoint;
    if as_json {
        println!("{}", json!({"id": t.id, "token": created.token}));
    } else {
        println!(
            "Added touchpoint {} \"{}\" ({}, {} stakes, policy {}).",
            t.id, t.settings.name, t.settings.kind, t.settings.stakes, t.settings.policy
        );
        println!("Ingest token (shown only this once): {}", created.token);
    }
    Ok(())
}

pub async fn list(settings: &Settings, as_json: bool) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let all = touchpoints::list(&db, true).await?;
    if as_json {
        let rows: Vec<_> = all
            .iter()
            .map(|t| {
                let s = &t.settings;
                json!({"id": t.id, "name": s.name, "kind": s.kind, "stakes": s.stakes, "policy": s.policy,
                       "stage": t.stage, "retired": t.retired_at.is_some()})
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Ok(());
    }
    if all.is_empty() {
        println!("No touchpoints yet. Add one with `secondlook touchpoint add --name NAME --kind KIND`.");
    }
    for t in &all {
        let s = &t.settings;
        let retired = if t.retired_at.is_some() { " (retired)" } else { "" };
        println!("{:>4}  {:<32} {:<10} {:<4} {:<6} {}{retired}", t.id, s.name, s.kind, s.stakes, s.policy, t.stage);
    }
    Ok(())
}

pub async fn rotate_token(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let token = touchpoints::rotate_token(&db, &Actor::Cli, id).await?;
    println!("New ingest token for touchpoint {id} (the old one no longer works): {token}");
    Ok(())
}
