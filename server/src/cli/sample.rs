//! `secondlook sample --week 2026-W48`: draw a week's spot-check sample now,
//! or top it up with outputs that arrived after it was drawn.

use domain::sampling::{draw_week, Week};

use crate::config::Settings;

pub async fn run(settings: &Settings, week: Option<String>) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let week: Week = match week {
        Some(w) => w.parse()?,
        None => crate::jobs::last_full_week(&db).await?,
    };
    let drawn = draw_week(&db, week).await?;
    if drawn.is_empty() {
        println!("No touchpoint is spot-checked, so there is nothing to draw for {week}.");
    }
    for d in drawn {
        let what = match (d.new, d.top_up) {
            (false, _) => "already drawn (unchanged)".to_string(),
            (true, true) => format!("topped up with {} late outputs", d.added),
            (true, false) => "drawn".to_string(),
        };
        println!(
            "{week} {}: {what}: {} of {} outputs picked at random ({} planned, {} inspection), {} flagged outside the sample.",
            d.touchpoint, d.drawn, d.population, d.planned, d.inspection, d.flagged
        );
    }
    Ok(())
}
