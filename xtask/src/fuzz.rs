//! `cargo xtask fuzz [SECONDS]`: every cargo-fuzz target in `fuzz/` for a
//! bounded time each; fails on the first crash (the input is kept under
//! `fuzz/artifacts/<target>/`).
//!
//! Runs on the stable toolchain (CI has no nightly). No sanitizer
//! (`--sanitizer none`): the code under test is safe Rust, so
//! AddressSanitizer would only add checks inside its libraries' unsafe code,
//! and here it cost a quarter of the executions per second, six times the
//! memory and a second build. Panics, failed asserts, overflow (cargo-fuzz
//! turns debug assertions on), timeouts and running out of memory still
//! fail the run. cargo-fuzz then passes only stable flags; `RUSTC_BOOTSTRAP=1`
//! is set anyway, so a cargo-fuzz that adds a `-Z` flag still builds on
//! stable (a sanitizer run by hand works the same way:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer address TARGET`).

use std::{path::PathBuf, process::Command};

use anyhow::{Context, Result};

use crate::tools::Workspace;

/// The version installed when cargo-fuzz is missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
pub const DEFAULT_SECONDS: u64 = 60;
pub const TARGETS: [&str; 5] = ["table", "ics", "api_body", "eml", "sheet"];

pub fn run(args: &[String]) -> Result<()> {
    let seconds = match args.first() {
        Some(s) => s.parse::<u64>().with_context(|| format!("SECONDS must be a whole number, not {s:?}"))?,
        None => DEFAULT_SECONDS,
    };
    let ws = Workspace::locate()?;
    ensure_cargo_fuzz(&ws)?;
    // Set once for this process so every cargo and rustc below inherits it;
    // nothing else runs yet, so no other thread reads the environment.
    std::env::set_var("RUSTC_BOOTSTRAP", "1");
    let dirs = Dirs::new(&ws);
    build(&ws, &dirs)?;
    for target in TARGETS {
        run_target(&ws, &dirs, target, seconds)?;
    }
    eprintln!("xtask: fuzzing found nothing ({} targets, {seconds} s each)", TARGETS.len());
    Ok(())
}

/// Where things go: builds and the growing corpus in the target folder (kept
/// between runs, never committed); the seed corpus in the clone.
struct Dirs {
    fuzz_dir: String,
    target_dir: String,
    work_corpus: PathBuf,
    seeds: PathBuf,
}

impl Dirs {
    fn new(ws: &Workspace) -> Dirs {
        let out = ws.target_dir.join("fuzz");
        Dirs {
            fuzz_dir: ws.root.join("fuzz").display().to_string(),
            target_dir: out.display().to_string(),
            work_corpus: out.join("corpus"),
            seeds: ws.root.join("fuzz/corpus"),
        }
    }

    /// Flags every cargo-fuzz call shares, so `run` reuses `build`'s binaries.
    fn flags(&self) -> [&str; 6] {
        ["--fuzz-dir", &self.fuzz_dir, "--target-dir", &self.target_dir, "--sanitizer", "none"]
    }
}

fn ensure_cargo_fuzz(ws: &Workspace) -> Result<()> {
    let installed = Command::new("cargo-fuzz").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION}");
        ws.cargo(&["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION])?;
    }
    Ok(())
}

/// All targets in one build, so the time limits below are spent fuzzing.
fn build(ws: &Workspace, dirs: &Dirs) -> Result<()> {
    let mut args = vec!["fuzz", "build"];
    args.extend(dirs.flags());
    ws.cargo(&args)
}

fn run_target(ws: &Workspace, dirs: &Dirs, target: &str, seconds: u64) -> Result<()> {
    let work = dirs.work_corpus.join(target);
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let (work, seeds) = (work.display().to_string(), dirs.seeds.join(target).display().to_string());
    let (max_time, timeout) = (format!("-max_total_time={seconds}"), "-timeout=10".to_string());
    eprintln!("xtask: fuzzing {target} for {seconds} s");
    let mut args = vec!["fuzz", "run"];
    args.extend(dirs.flags());
    // New inputs go to the first corpus folder only: the seeds stay as committed.
    args.extend([target, &work, &seeds, "--", &max_time, &timeout, "-rss_limit_mb=2048", "-print_final_stats=1"]);
    ws.cargo(&args).with_context(|| format!("fuzz target {target} failed: see fuzz/artifacts/{target}/ for the input"))
}
