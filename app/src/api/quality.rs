//! A touchpoint's quality over time, shaped for its page: the weekly chart's
//! numbers, the top findings, the latest failures, before/after a model change.

use serde::{Deserialize, Serialize};

pub use model::quality::{BeforeAfter, Failure, Series, WeekRow};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityView {
    pub series: Series,
    pub categories: Vec<(String, i64)>,
    pub failures: Vec<Failure>,
    pub comparison: Option<BeforeAfter>,
    /// The last 30 days' failure notes, grouped by category.
    pub lessons: Vec<model::lessons::Lesson>,
}

#[cfg(feature = "ssr")]
pub(crate) async fn quality_view(db: &domain::Db, tp: i64) -> Result<QualityView, crate::error::AppError> {
    use domain::{
        drift::{findings, weeks},
        memo::Memo,
        reviews::lessons::{lessons, Period},
    };
    // Everything but the lessons depends only on the stored data, so it is
    // remembered until a table it reads changes (`domain::memo`); the
    // lessons cover the last 30 days by the clock and are read each time.
    static REMEMBERED: std::sync::OnceLock<Memo<i64, QualityView>> = std::sync::OnceLock::new();
    let history = REMEMBERED
        .get_or_init(Memo::default)
        .get(db, tp, || async move {
            Ok(QualityView {
                series: weeks::series(db, tp).await?,
                categories: findings::top_categories(db, tp, 5).await?,
                failures: findings::latest_failures(db, tp, 5).await?,
                comparison: findings::before_after(db, tp).await?,
                lessons: Vec::new(),
            })
        })
        .await?;
    let now = chrono::Utc::now();
    Ok(QualityView {
        lessons: lessons(db, tp, Period::Reviewed(now - chrono::Duration::days(30), now)).await?,
        ..QualityView::clone(&history)
    })
}
