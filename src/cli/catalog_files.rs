//! The catalog build's files in a built `dist/` (issue 18): Trunk builds
//! `vlab-catalog` as a "worker" asset, so that it is built but not loaded,
//! and names a worker's files after its binary, without a hash. This gives
//! them names that change with their bytes (so a browser's cache never
//! serves an old one beside a new page) and names them in the page:
//! `<meta name="vlab-catalog">`, which `static/boot.js` reads, and a
//! module preload of the glue.

use crate::state::progress_file::fnv1a64;
use std::path::Path;

/// Trunk's names for the catalog build's glue and WebAssembly.
pub const JS: &str = "vlab-catalog.js";
pub const WASM: &str = "vlab-catalog_bg.wasm";
/// The meta that names the files.
pub const META: &str = "vlab-catalog";

/// The tags that name the files `js` and `wasm` (relative to the page).
pub fn tags(js: &str, wasm: &str) -> String {
    format!(
        "<meta name=\"{META}\" data-js=\"./{js}\" data-wasm=\"./{wasm}\" />\n\
         <link rel=\"modulepreload\" href=\"./{js}\" />\n"
    )
}

/// Renames the catalog build's files in `dir` and returns `page` with
/// their tags before `</head>`. Without Trunk's unhashed files (none
/// built, or named already by an earlier run) the page is unchanged.
pub fn name_in(dir: &Path, page: &str) -> Result<String, String> {
    let (js_path, wasm_path) = (dir.join(JS), dir.join(WASM));
    if !wasm_path.exists() {
        return Ok(page.to_string());
    }
    let read =
        |p: &Path| std::fs::read(p).map_err(|e| format!("{}: cannot read: {e}", p.display()));
    let (js, wasm) = (read(&js_path)?, read(&wasm_path)?);
    // A name that changes with the bytes (the progress file's FNV-1a).
    let hash = format!("{:016x}", fnv1a64(&[js, wasm].concat()));
    let (js_name, wasm_name) = (
        format!("vlab-catalog-{hash}.js"),
        format!("vlab-catalog-{hash}_bg.wasm"),
    );
    let head = page.find("</head>").ok_or("the page has no </head>")?;
    // Comments may mention the meta; the tag itself has its data-js.
    if page.contains(&format!("<meta name=\"{META}\" data-js=")) {
        return Err(format!(
            "the page names the catalog build already, yet {WASM} is there: build again"
        ));
    }
    for (from, to) in [(&js_path, &js_name), (&wasm_path, &wasm_name)] {
        std::fs::rename(from, dir.join(to))
            .map_err(|e| format!("{}: cannot rename: {e}", from.display()))?;
    }
    Ok(format!(
        "{}{}{}",
        &page[..head],
        tags(&js_name, &wasm_name),
        &page[head..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_get_a_name_from_their_bytes_and_the_page_names_them() {
        let dir = std::env::temp_dir().join(format!("vlab-catalog-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<html><head><title>t</title></head><body></body></html>";
        let name = |js: &str| {
            std::fs::write(dir.join(JS), js).unwrap();
            std::fs::write(dir.join(WASM), b"\0asm").unwrap();
            let out = name_in(&dir, page).unwrap();
            assert!(!dir.join(JS).exists() && !dir.join(WASM).exists());
            let js_name = out
                .split("data-js=\"./")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            assert!(dir.join(&js_name).exists(), "{js_name} is in the folder");
            assert!(out.contains(&format!(
                "<link rel=\"modulepreload\" href=\"./{js_name}\" />\n</head>"
            )));
            js_name
        };
        let (first, second) = (name("one"), name("two"));
        assert_ne!(first, second, "other bytes, another name");
        // Nothing to name: the page as it was.
        assert_eq!(name_in(&dir, page).unwrap(), page);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
