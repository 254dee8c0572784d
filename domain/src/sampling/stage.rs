//! Moving a touchpoint between stages, with what that means for how hard
//! it is looked at: taking it out of a pause resumes inspection tightened.

use sqlx::SqliteConnection;

use crate::{
    touchpoints::{self, Stage, Touchpoint},
    Actor, Db, Result,
};

/// Moves a touchpoint to another stage, with an optional note for the history.
pub async fn set_stage(db: &Db, actor: &Actor, id: i64, stage: Stage, note: &str) -> Result<Touchpoint> {
    let mut tx = crate::db::begin_write(db).await?;
    let after = set_stage_in(&mut tx, actor, id, stage, note).await?;
    tx.commit().await?;
    Ok(after)
}

/// Moves the stage on the caller's transaction, so a decision and the stage
/// change it causes commit together.
pub async fn set_stage_in(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    stage: Stage,
    note: &str,
) -> Result<Touchpoint> {
    let before = touchpoints::fetch(conn, id).await?;
    let after = touchpoints::write_stage(conn, actor, id, stage, note).await?;
    if before.stage == Stage::Paused && after.stage != Stage::Paused {
        super::events::resume_if_paused(conn, id, actor).await?;
    }
    Ok(after)
}
