//! Embeds every lab in `labs/` into the app and the CLI at build time, so
//! the site works offline with no fetches and the CLI needs no data files.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("labs");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("labs/ exists beside Cargo.toml")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("/// (file name, contents) of every lab, sorted by file name.\npub const LAB_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        out += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    out += "];\n";
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("labs.rs"), out).expect("write OUT_DIR/labs.rs");

    // The golden traces, for the browser test that compares the wasm run
    // with them (only that test includes this file: the app does not).
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    println!("cargo:rerun-if-changed={}", golden.display());
    let mut files: Vec<_> = fs::read_dir(&golden)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let mut list = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let id = path.file_stem().unwrap().to_string_lossy();
        list += &format!(
            "    ({id:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    list += "]\n";
    fs::write(Path::new(&out_dir).join("goldens.rs"), list).expect("write OUT_DIR/goldens.rs");
}
