//! The project's commands, with nothing to install by hand:
//!
//! - `cargo xtask serve [ARGS]`: build the client bundle and the server in
//!   release mode and start `secondlook serve` (extra ARGS go to it).
//! - `cargo xtask test`: install what the tests need, build, and run the unit,
//!   integration and browser tests.
//! - `cargo xtask bench`: the benchmarks, against a release server.
//! - `cargo xtask site`: only build the client bundle and static files.
//! - `cargo xtask fuzz [SECONDS]`: every parser fuzz target, 60 s each by default.
//! - `cargo xtask fuzz-api [EXAMPLES]`: schemathesis against a release server.

mod dist;
mod fuzz;
mod fuzz_api;
mod site;
mod tools;

use std::process::ExitCode;

use anyhow::Result;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("fuzz-api") => fuzz_api::run(&args[1..]),
        Some("dist") => dist::run().map(|_| ()),
        Some("site") => tools::Workspace::locate().and_then(|ws| site::build(&ws)).map(|_| ()),
        _ => {
            eprintln!("usage: cargo xtask serve [secondlook arguments] | test | bench [ingest|pages|soak|detection|checks|export] | site | dist | fuzz [SECONDS] | fuzz-api [EXAMPLES]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> Result<()> {
    let ws = tools::Workspace::locate()?;
    // The bundle first: the server build embeds it.
    site::build(&ws)?;
    ws.cargo(&["build", "--release", "-p", "server", "--bin", "secondlook"])?;
    let bin = ws.target_dir.join("release/secondlook");
    let mut cmd = std::process::Command::new(bin);
    cmd.args(args).current_dir(&ws.root);
    tools::run(&mut cmd, "secondlook")
}

/// Release builds of the server and the benchmark, then the benchmark (all
/// of it, or the part named: `ingest`, `pages`, `soak [SECONDS]`, `detection [N]`).
fn bench(args: &[String]) -> Result<()> {
    let ws = tools::Workspace::locate()?;
    ws.cargo(&["build", "--release", "-p", "server", "-p", "bench", "--bin", "secondlook", "--bin", "bench"])?;
    let mut cmd = std::process::Command::new(ws.target_dir.join("release/bench"));
    cmd.arg(ws.target_dir.join("release/secondlook")).args(args).current_dir(&ws.root);
    tools::run(&mut cmd, "bench")
}

/// Formatting (`rustfmt.toml`), then clippy with warnings as errors on
/// every build that follows: the browser build (`hydrate`, on wasm) and the
/// native crates with all their tests (`app` takes `ssr` from the server).
/// Clippy runs as the compiler of the workspace's own crates while they are
/// built, as `cargo clippy` runs it while they are checked: the same lints,
/// without checking every dependency a second time (8 of a fresh run's
/// minutes).
fn lint_while_building() -> Result<()> {
    tools::ensure_wasm_target()?;
    tools::ensure_lint_tools()?;
    let ws = tools::Workspace::locate()?;
    ws.cargo(&["fmt", "--all", "--check"])?;
    std::env::set_var("RUSTC_WORKSPACE_WRAPPER", tools::clippy_driver()?);
    // cargo-clippy's own way of handing arguments to its driver.
    std::env::set_var("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__");
    Ok(())
}

/// Every crate but the wasm frontend, in one feature set, so that lint,
/// tests and the browser tests' server share one build of each crate (the
/// frontend would unify `hydrate` with `ssr` on `app`).
const NATIVE: [&str; 3] = ["--workspace", "--exclude", "frontend"];

fn test() -> Result<()> {
    let ws = tools::Workspace::locate()?;
    // A from-scratch build gains nothing from incremental caches, which
    // would take about 3 GB of the machine's disk.
    std::env::set_var("CARGO_INCREMENTAL", "0");
    lint_while_building()?;
    tools::ensure_chromium()?;
    tools::ensure_dovecot()?;
    tools::ensure_pdftotext()?;
    tools::ensure_node()?;
    let e2e = ws.root.join("end2end");
    tools::run(
        std::process::Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&e2e),
        "npm install",
    )?;
    // The bundle first: the server build embeds it.
    site::build(&ws)?;
    // The server's and the benchmark's tests, `app`'s own, every crate's.
    ws.cargo(&[&["test"][..], &NATIVE].concat())?;
    // The server the browser tests start is the one `cargo test` built for
    // the integration tests (a plain `cargo build` would rebuild it without
    // the dev-dependencies' features: a minute for nothing).
    let mut node = std::process::Command::new("node");
    node.args(["--test", "--test-concurrency=1", "tests/"])
        .current_dir(&e2e)
        .env("SECONDLOOK_BIN", ws.target_dir.join("debug/secondlook"));
    tools::run(&mut node, "browser tests")
}
