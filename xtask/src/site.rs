//! The client bundle: the frontend crate compiled to wasm, bound with
//! wasm-bindgen (the library, not a downloaded binary), and the CSS, under
//! `target/site/pkg` with one content hash in their names
//! (`secondlook.<hash>.js`, `.wasm`, `.css`), so browsers may keep them for a
//! year. The server build embeds that folder (`server/build.rs`), and
//! `public/` beside it; `target/site` also gets the public files, for
//! running with `SECONDLOOK_SITE_ROOT`.

use std::{fs, path::Path, path::PathBuf};

use anyhow::{Context, Result};

use crate::tools::{ensure_wasm_target, Workspace};

const NAME: &str = "secondlook";
const PROFILE: &str = "wasm-release";

/// Builds the site and returns its folder.
pub fn build(ws: &Workspace) -> Result<PathBuf> {
    ensure_wasm_target()?;
    ws.cargo(&["build", "-p", "frontend", "--lib", "--target", "wasm32-unknown-unknown", "--profile", PROFILE])?;
    let site = ws.root.join("target/site");
    let pkg = site.join("pkg");
    // Only this build's files: the server embeds everything in the folder.
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("emptying {}", pkg.display()))?;
    }
    fs::create_dir_all(&pkg).with_context(|| format!("creating {}", pkg.display()))?;

    let wasm = ws.target_dir.join(format!("wasm32-unknown-unknown/{PROFILE}/frontend.wasm"));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .remove_name_section(true)
        .remove_producers_section(true)
        .out_name(NAME)
        .generate(&pkg)
        .context("running wasm-bindgen on the client bundle")?;
    fs::copy(ws.root.join("style/main.css"), pkg.join(format!("{NAME}.css"))).context("copying the stylesheet")?;
    // Leptos links /pkg/<output name>.js and .wasm: one stem for all three.
    let parts = [format!("{NAME}.js"), format!("{NAME}_bg.wasm"), format!("{NAME}.css")];
    let mut bytes = Vec::new();
    for part in &parts {
        bytes.extend(fs::read(pkg.join(part)).with_context(|| format!("reading {part}"))?);
    }
    let stem = format!("{NAME}.{}", content_hash(&bytes));
    for (part, ext) in parts.iter().zip(["js", "wasm", "css"]) {
        fs::rename(pkg.join(part), pkg.join(format!("{stem}.{ext}"))).with_context(|| format!("renaming {part}"))?;
    }
    copy_dir(&ws.root.join("public"), &site)?;
    Ok(site)
}

/// 16 hex digits of FNV-1a over the files: a name that changes whenever
/// they do (not a security measure).
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&dest)?;
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest).with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}
