//! The client bundle: the frontend crate compiled to wasm, bound with
//! wasm-bindgen (the library, not a downloaded binary), plus the CSS and
//! public files, all under `target/site`.

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
    // Leptos links /pkg/<name>.wasm.
    fs::rename(pkg.join(format!("{NAME}_bg.wasm")), pkg.join(format!("{NAME}.wasm")))
        .context("renaming the wasm file")?;

    fs::copy(ws.root.join("style/main.css"), pkg.join(format!("{NAME}.css"))).context("copying the stylesheet")?;
    copy_dir(&ws.root.join("public"), &site)?;
    Ok(site)
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
