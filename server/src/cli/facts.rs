//! `secondlook facts show [--json]` and `secondlook facts set FILE`.

use anyhow::Context;
use domain::facts::Facts;

use crate::config::Settings;

pub async fn show(settings: &Settings, json: bool) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let facts = domain::facts::get(&db).await?;
    let text = if json { serde_json::to_string_pretty(&facts)? } else { toml::to_string_pretty(&facts)? };
    println!("{text}");
    Ok(())
}

pub async fn set(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("{} cannot be read", file.display()))?;
    let facts = parse(file, &text)?;
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let saved = domain::facts::set(&db, &domain::Actor::Cli, facts).await?;
    println!(
        "Saved: {} prices, {} opening times, {} closures, {} phone numbers, {} email addresses, {} domains, {} phrases never to use.",
        saved.prices.len(),
        saved.hours.len(),
        saved.closures.len(),
        saved.phones.len(),
        saved.emails.len(),
        saved.domains.len(),
        saved.forbidden.len()
    );
    Ok(())
}

/// TOML or JSON by the file's ending; the error names the line and field.
fn parse(file: &std::path::Path, text: &str) -> anyhow::Result<Facts> {
    let name = file.display();
    if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        serde_json::from_str(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
    } else {
        toml::from_str(text).map_err(|e| {
            let at =
                e.to_string().lines().next().unwrap_or_default().trim_start_matches("TOML parse error ").to_string();
            anyhow::anyhow!("{name} {at}: {}", e.message().trim())
        })
    }
}
