//! `bench <bin> bundle`: the client bundle's size as a phone downloads it
//! (the wasm gzipped at the best level, as the server has it), against the
//! 250 KB the phone-first target allows. Run after `cargo xtask site`.

use std::io::Write;

use anyhow::{Context, Result};

/// Target for the gzipped wasm, in bytes.
pub const LIMIT: u64 = 250 * 1024;

pub fn run(root: &std::path::Path) -> Result<String> {
    let pkg = root.join("target/site/pkg");
    let mut out = String::from("| client bundle | raw | gzip | target |\n|---|---|---|---|\n");
    let mut entries: Vec<_> = std::fs::read_dir(&pkg)
        .with_context(|| format!("reading {} (build it with `cargo xtask site`)", pkg.display()))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let bytes = std::fs::read(entry.path())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        let zipped = gz.finish()?.len() as u64;
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = if name.ends_with(".wasm") {
            format!("≤ {} KB gzipped ({})", LIMIT / 1024, if zipped <= LIMIT { "met" } else { "missed" })
        } else {
            String::new()
        };
        out += &format!(
            "| `{name}` | {:.0} KB | {:.0} KB | {target} |\n",
            bytes.len() as f64 / 1024.0,
            zipped as f64 / 1024.0
        );
    }
    Ok(out)
}
