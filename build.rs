//! Reads every lab in `labs/` at build time: validates it (a broken lab
//! fails the build with `vlab check`'s messages), writes the catalog's
//! index (ids, titles, summaries, topics, goal counts), and embeds the
//! files for the CLI, the tests and, with the `embed-labs` feature, the
//! app. The release web build leaves that feature off: its first download
//! carries only the index, and a lab's file is fetched when it is opened.
//! It also runs each lab at its own seed for the figures its texts quote
//! (`LAB_FIGURES`, issue 18): computed here, with the same core, a lab's
//! page opens without the runs (up to 63 ms natively, a few hundred
//! milliseconds on a slow laptop's browser). Another variant's figures are
//! computed when it is opened (`src/lab/lab_figures.rs`).

use std::{env, fs, path::Path};

fn main() {
    // rust-i18n reads locales/*.yml inside a macro, which cargo does not
    // track: without this, a change to the texts alone rebuilt nothing.
    for file in ["locales/en.yml", "locales/zh-CN.yml"] {
        println!(
            "cargo:rerun-if-changed={}",
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).display()
        );
    }
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
    let (index, figures) = index(&files);
    fs::write(Path::new(&out_dir).join("lab_index.rs"), index).expect("write OUT_DIR/lab_index.rs");
    fs::write(Path::new(&out_dir).join("lab_figures.rs"), figures)
        .expect("write OUT_DIR/lab_figures.rs");

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

/// `LAB_INDEX`: what the catalog shows of each lab, in catalog order
/// (topic, then `order`, then id), from the labs as the app parses them;
/// and `LAB_FIGURES`: (id, seed, figures) of each lab at its own seed.
/// A lab whose figures fail has none here (`vlab check` reports it).
fn index(files: &[std::path::PathBuf]) -> (String, String) {
    let mut labs = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(path).expect("read a lab file");
        match vlab_sim::parse_lab(&format!("labs/{name}"), &text) {
            Ok(lab) => labs.push((name, lab)),
            Err(errors) => problems.extend(errors.iter().map(|e| e.to_string())),
        }
    }
    if !problems.is_empty() {
        panic!(
            "labs/ has invalid labs (run `vlab check labs/*.toml`):\n{}",
            problems.join("\n")
        );
    }
    labs.sort_by(|(_, a), (_, b)| {
        (a.spec.topic, a.spec.order, &a.spec.id).cmp(&(b.spec.topic, b.spec.order, &b.spec.id))
    });
    let mut out = String::from(
        "/// What the catalog shows of every lab, in catalog order.\npub const LAB_INDEX: &[LabEntry] = &[\n",
    );
    for (file, lab) in &labs {
        let s = &lab.spec;
        out += &format!(
            "    LabEntry {{ id: {:?}, file: {:?}, topic: vlab_sim::Topic::{:?}, title: [{:?}, {:?}], summary: [{:?}, {:?}], goals: {} }},\n",
            s.id, file, s.topic, s.title.en, s.title.zh_cn, s.summary.en, s.summary.zh_cn, lab.goals.len()
        );
    }
    out += "];\n";
    let mut figures = String::from(
        "/// (lab id, seed, figures) of every lab at its own seed, in catalog order.\n\
         pub const LAB_FIGURES: &[(&str, u64, BuiltFigures)] = &[\n",
    );
    for (_, lab) in &labs {
        if let Ok(values) = lab.figures(lab.spec.seed) {
            figures += &format!("    ({:?}, {}, &[", lab.spec.id, lab.spec.seed);
            for (id, value) in &values {
                figures += &format!("({id:?}, {value:?}), ");
            }
            figures += "]),\n";
        }
    }
    figures += "];\n";
    (out, figures)
}
