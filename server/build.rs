//! Embeds the client bundle (`target/site/pkg`, written by `cargo xtask
//! site` with content-hashed names) and `public/` into the binary, brotli
//! compressed at build time, so `secondlook` runs as one file. Before the
//! first site build the folder is empty: that binary serves pages without
//! their bundle (or the files under `SECONDLOOK_SITE_ROOT`).

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pkg = root.join("target/site/pkg");
    if let Err(e) = std::fs::create_dir_all(&pkg) {
        println!("cargo::warning=cannot create {}: {e}", pkg.display());
    }
    println!("cargo::rerun-if-changed={}", pkg.display());
    println!("cargo::rerun-if-changed={}", root.join("public").display());
    memory_serve::load_names_directories(vec![("pkg", pkg), ("public", root.join("public"))], true);
}
