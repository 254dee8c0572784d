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
    use domain::drift::{findings, weeks};
    Ok(QualityView {
        series: weeks::series(db, tp).await?,
        categories: findings::top_categories(db, tp, 5).await?,
        failures: findings::latest_failures(db, tp, 5).await?,
        comparison: findings::before_after(db, tp).await?,
        lessons: {
            let now = chrono::Utc::now();
            use domain::reviews::lessons::{lessons, Period};
            lessons(db, tp, Period::Reviewed(now - chrono::Duration::days(30), now)).await?
        },
    })
}
