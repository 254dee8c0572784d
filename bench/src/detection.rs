//! `cargo xtask bench detection`: how fast the quality watch catches a shift
//! and how often it cries wolf, against the plain rule "4 or more failures
//! of 45 in a week", on simulated touchpoints driven through the real domain
//! code and a real SQLite file: the real ingest, draw (with its inspection
//! rules and doubled weeks), detectors and incidents. Only the verdicts are
//! simulated: each reviewed output fails at the scenario's rate that week.
//!
//! Each touchpoint runs 8 baseline weeks and a monitored year (52 weeks); a
//! shift starts in a monitored week drawn uniformly from 10 to 40. The
//! simulated owner acknowledges every alert the week it is raised, so each
//! later signal opens an incident of its own (the strictest count).

use domain::touchpoints::Validate as _;

use anyhow::Result;
use chrono::{Duration, TimeZone, Utc};
use domain::{
    business,
    outputs::{Ingestor, NewOutput},
    sampling::{draw_week, Week},
    touchpoints::{self, Stage, TouchpointInput},
    Actor, Db,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const BASELINE_WEEKS: usize = 8;
pub const MONITORED_WEEKS: usize = 52;
/// Outputs a touchpoint produces each week (more than any sample takes).
const PER_WEEK: usize = 100;
/// The plain rule: at least this many failures among a week's first 45 checks.
const PLAIN_FAILURES: u64 = 4;
const PLAIN_CHECKS: usize = 45;

#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub base: f64,
    pub shifted: Option<f64>,
}

impl Scenario {
    pub fn label(&self) -> String {
        let pct = |p: f64| format!("{:.0}%", 100.0 * p);
        match self.shifted {
            None => format!("steady {}", pct(self.base)),
            Some(s) => format!("{} → {}", pct(self.base), pct(s)),
        }
    }
}

/// What a set of touchpoint-years showed, for Second Look and the plain rule.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub touchpoints: usize,
    pub false_alarms: usize,
    pub caught_2: usize,
    pub caught_4: usize,
    pub plain_false_alarms: usize,
    pub plain_caught_2: usize,
    pub plain_caught_4: usize,
    pub paused: usize,
    pub checks: u64,
    pub monitored_weeks: u64,
}

impl Outcome {
    pub fn per_year(&self, n: usize) -> f64 {
        n as f64 / self.touchpoints as f64
    }
    pub fn share(&self, n: usize) -> f64 {
        n as f64 / self.touchpoints as f64
    }
}

struct Sim {
    id: i64,
    tp: touchpoints::Touchpoint,
    shift_at: usize,
    /// Weeks (absolute index) at which our incidents and the plain rule fired.
    ours: Vec<usize>,
    plain: Vec<usize>,
}

async fn setup(url: &str, n: usize, stage: Stage, rng: &mut ChaCha8Rng) -> Result<(Db, Vec<Sim>)> {
    let db = domain::db::open_and_migrate(url).await?;
    let owner = business::Setup {
        business_name: "Simulated".into(),
        timezone: "UTC".into(),
        owner_email: "owner@sim.test".into(),
        owner_name: "Owner".into(),
        owner_password: "simulated-password".into(),
        ..Default::default()
    };
    business::setup(&db, &Actor::Cli, owner).await?;
    let mut sims = Vec::new();
    for i in 0..n {
        let input = TouchpointInput {
            name: format!("Tool {i:03}"),
            kind: "other".into(),
            policy: "sample".into(),
            ..Default::default()
        };
        let tp = touchpoints::create(&db, &Actor::Cli, input.validate()?).await?.touchpoint;
        let tp = domain::sampling::set_stage(&db, &Actor::Cli, tp.id, stage, "simulation").await?;
        let shift_at = BASELINE_WEEKS + rng.gen_range(10..=40) - 1;
        sims.push(Sim { id: tp.id, tp, shift_at, ours: vec![], plain: vec![] });
    }
    Ok((db, sims))
}

/// Gives every unreviewed item of `week` a verdict, failing at `p`; returns
/// (checks, failures among the first 45 checks).
async fn review(db: &Db, tp: i64, week: Week, p: f64, rng: &mut ChaCha8Rng) -> Result<(u64, u64)> {
    let items: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.id, r.output_id FROM review_items r WHERE r.touchpoint_id = ? AND r.week = ?
           AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.output_id = r.output_id) ORDER BY r.id",
    )
    .bind(tp)
    .bind(week.to_string())
    .fetch_all(db)
    .await?;
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let mut plain = 0;
    for (i, (item, output)) in items.iter().enumerate() {
        let failed = rng.gen_bool(p);
        plain += (failed && i < PLAIN_CHECKS) as u64;
        sqlx::query("INSERT INTO verdicts (output_id, review_item_id, reviewer_id, verdict, note, created_at, updated_at) VALUES (?, ?, 1, ?, 'simulated', ?, ?)")
            .bind(output)
            .bind(item)
            .bind(if failed { "fail" } else { "pass" })
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok((items.len() as u64, plain))
}

/// Runs `n` touchpoint-years of `scenario` at `stage` (pilot draws 59 a
/// week, expanding 45) in a fresh database under `dir`.
pub async fn run(dir: &std::path::Path, scenario: Scenario, n: usize, stage: Stage, seed: u64) -> Result<Outcome> {
    let url = format!("sqlite://{}/detection-{stage}-{seed}.db", dir.display());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (db, mut sims) = setup(&url, n, stage, &mut rng).await?;
    let ingest = Ingestor::open(&url).await?;
    let owner = domain::users::get(&db, 1).await?.actor();
    let first = Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap();
    sqlx::query("UPDATE business SET created_at = ?").bind(first).execute(&db).await?;
    let mut outcome = Outcome { touchpoints: n, ..Default::default() };
    for w in 0..BASELINE_WEEKS + MONITORED_WEEKS {
        let start = first + Duration::weeks(w as i64);
        let week = Week::containing(start, Default::default());
        for s in &sims {
            let items: Vec<NewOutput> = (0..PER_WEEK)
                .map(|i| {
                    NewOutput::plain(
                        format!("Simulated reply {i}"),
                        format!("{w}-{i}"),
                        start + Duration::minutes(60 * i as i64),
                    )
                })
                .collect();
            ingest.many(&s.tp, &items).await?;
        }
        draw_week(&db, week).await?;
        for s in sims.iter_mut() {
            let p = match scenario.shifted {
                Some(shifted) if w >= s.shift_at => shifted,
                _ => scenario.base,
            };
            let (checks, plain) = review(&db, s.id, week, p, &mut rng).await?;
            if w >= BASELINE_WEEKS {
                (outcome.checks, outcome.monitored_weeks) = (outcome.checks + checks, outcome.monitored_weeks + 1);
                if plain >= PLAIN_FAILURES {
                    s.plain.push(w);
                }
            }
        }
        domain::drift::detect::run(&db, start + Duration::weeks(1) + Duration::hours(12)).await?;
        let open: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, touchpoint_id FROM alerts WHERE kind = 'quality' AND acknowledged_at IS NULL")
                .fetch_all(&db)
                .await?;
        for (alert, tp) in open {
            if let Some(s) = sims.iter_mut().find(|s| s.id == tp) {
                s.ours.push(w);
            }
            domain::alerts::acknowledge(&db, &owner, alert, "simulated owner").await?;
        }
    }
    for s in &sims {
        let shift = scenario.shifted.map(|_| s.shift_at);
        let (fa, c2, c4) = judge(&s.ours, shift);
        let (pfa, pc2, pc4) = judge(&s.plain, shift);
        outcome.false_alarms += fa;
        outcome.plain_false_alarms += pfa;
        (outcome.caught_2, outcome.caught_4) = (outcome.caught_2 + c2 as usize, outcome.caught_4 + c4 as usize);
        (outcome.plain_caught_2, outcome.plain_caught_4) =
            (outcome.plain_caught_2 + pc2 as usize, outcome.plain_caught_4 + pc4 as usize);
        let stage: String =
            sqlx::query_scalar("SELECT stage FROM touchpoints WHERE id = ?").bind(s.id).fetch_one(&db).await?;
        outcome.paused += (stage == "paused") as usize;
    }
    db.close().await;
    Ok(outcome)
}

/// (false alarms in the monitored year, caught within 2 weeks, within 4):
/// a signal before the shift (or in a steady year) is a false alarm; the
/// first signal at or after the shift week s counts if it is in s..s+k−1.
fn judge(signals: &[usize], shift: Option<usize>) -> (usize, bool, bool) {
    let monitored = |w: &&usize| **w >= BASELINE_WEEKS;
    match shift {
        None => (signals.iter().filter(monitored).count(), false, false),
        Some(s) => {
            let false_alarms = signals.iter().filter(monitored).filter(|w| **w < s).count();
            let first = signals.iter().find(|w| **w >= s).map(|w| w - s);
            (false_alarms, first.is_some_and(|d| d < 2), first.is_some_and(|d| d < 4))
        }
    }
}

/// The scenarios of the README's table.
pub const SCENARIOS: [Scenario; 6] = [
    Scenario { base: 0.02, shifted: None },
    Scenario { base: 0.05, shifted: None },
    Scenario { base: 0.02, shifted: Some(0.06) },
    Scenario { base: 0.02, shifted: Some(0.10) },
    Scenario { base: 0.05, shifted: Some(0.10) },
    Scenario { base: 0.05, shifted: Some(0.15) },
];

/// The table, one row per scenario, for `n` touchpoint-years each.
pub async fn table(dir: &std::path::Path, n: usize, stage: Stage) -> Result<String> {
    let mut out = format!(
        "Quality watch against the plain rule (≥ {PLAIN_FAILURES} failures of {PLAIN_CHECKS} in a week), {n} touchpoint-years per scenario, stage {stage}\n\n\
         | scenario | Second Look | plain rule | checks a week (mean) | paused in the year |\n|---|---|---|---|---|\n"
    );
    // Every scenario in its own database and task: they share the cores.
    let tasks: Vec<_> = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, sc)| {
            let (dir, sc) = (dir.to_path_buf(), *sc);
            tokio::spawn(async move { run(&dir, sc, n, stage, 1000 + i as u64).await })
        })
        .collect();
    for (sc, task) in SCENARIOS.iter().zip(tasks) {
        let o = task.await??;
        let pct = |x: f64| format!("{:.1}%", 100.0 * x);
        let (ours, plain) = match sc.shifted {
            None => (
                format!("{:.2} false alarms / year", o.per_year(o.false_alarms)),
                format!("{:.2} false alarms / year", o.per_year(o.plain_false_alarms)),
            ),
            Some(_) => (
                format!(
                    "caught ≤ 2 wk {}, ≤ 4 wk {} ({:.2} false alarms / year)",
                    pct(o.share(o.caught_2)),
                    pct(o.share(o.caught_4)),
                    o.per_year(o.false_alarms)
                ),
                format!(
                    "caught ≤ 2 wk {}, ≤ 4 wk {} ({:.2} false alarms / year)",
                    pct(o.share(o.plain_caught_2)),
                    pct(o.share(o.plain_caught_4)),
                    o.per_year(o.plain_false_alarms)
                ),
            ),
        };
        let checks = o.checks as f64 / o.monitored_weeks.max(1) as f64;
        out.push_str(&format!("| {} | {ours} | {plain} | {checks:.1} | {} of {n} |\n", sc.label(), o.paused));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few touchpoint-years through the real code: a clear shift must be
    /// caught, a stable stream must stay quiet.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_watch_fires_on_a_clear_shift_and_stays_quiet_on_a_stable_stream() {
        let dir = tempfile::tempdir().unwrap();
        let shifted =
            run(dir.path(), Scenario { base: 0.02, shifted: Some(0.25) }, 3, Stage::Expanding, 7).await.unwrap();
        assert_eq!(shifted.caught_2, 3, "{shifted:?}");
        let stable = run(dir.path(), Scenario { base: 0.01, shifted: None }, 3, Stage::Expanding, 8).await.unwrap();
        assert_eq!((stable.false_alarms, stable.paused), (0, 0), "{stable:?}");
        assert!(stable.checks as f64 / stable.monitored_weeks as f64 >= 45.0);
    }

    #[test]
    fn signals_are_judged_against_the_shift() {
        assert_eq!(judge(&[3, 9, 20], None), (2, false, false), "baseline weeks do not count");
        assert_eq!(judge(&[9, 21], Some(20)), (1, true, true));
        assert_eq!(judge(&[23], Some(20)), (0, false, true));
        assert_eq!(judge(&[24], Some(20)), (0, false, false));
    }
}
