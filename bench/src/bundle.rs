//! `bench <bin> bundle`: the client bundle's size as a phone downloads it
//! (the wasm gzipped at the best level, as the server has it), against the
//! 250 KB the phone-first target allows. Run after `cargo xtask site`.

use std::io::Write;

use anyhow::{Context, Result};

/// Target for the gzipped wasm, in bytes.
pub const LIMIT: u64 = 250 * 1024;

/// What `cargo xtask test` lets the gzipped wasm reach (its tests run this
/// crate's): today's size and a little, so the bundle cannot grow while the
/// 250 KB target is still missed (see the README's bundle section).
#[cfg(test)]
const GUARD: u64 = 720 * 1024;

/// A file's size raw and gzipped at the best level, in bytes.
fn sizes(path: &std::path::Path) -> Result<(u64, u64)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    Ok((bytes.len() as u64, gz.finish()?.len() as u64))
}

fn files(root: &std::path::Path) -> Result<Vec<std::fs::DirEntry>> {
    let pkg = root.join("target/site/pkg");
    let mut entries: Vec<_> = std::fs::read_dir(&pkg)
        .with_context(|| format!("reading {} (build it with `cargo xtask site`)", pkg.display()))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

pub fn run(root: &std::path::Path) -> Result<String> {
    let mut out = String::from("| client bundle | raw | gzip | target |\n|---|---|---|---|\n");
    for entry in files(root)? {
        let (raw, zipped) = sizes(&entry.path())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = if name.ends_with(".wasm") {
            format!("≤ {} KB gzipped ({})", LIMIT / 1024, if zipped <= LIMIT { "met" } else { "missed" })
        } else {
            String::new()
        };
        out += &format!("| `{name}` | {:.0} KB | {:.0} KB | {target} |\n", raw as f64 / 1024.0, zipped as f64 / 1024.0);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_wasm_stays_within_the_guard() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let wasm: Vec<_> =
            files(root).unwrap().into_iter().filter(|e| e.path().extension().is_some_and(|x| x == "wasm")).collect();
        assert_eq!(wasm.len(), 1, "one wasm file in target/site/pkg");
        let (_, zipped) = sizes(&wasm[0].path()).unwrap();
        assert!(zipped <= GUARD, "the gzipped wasm is {} KB, past the {} KB guard", zipped / 1024, GUARD / 1024);
    }
}
