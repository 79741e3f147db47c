//! V8's explicit compile hint on the whole app's glue (issue 18).
//!
//! Chromium compiles a script's functions lazily, each on its first call,
//! on the calling thread. The wasm-bindgen glue is some hundreds of small
//! functions, most first called as the app mounts: compiling them took
//! 6 to 14 ms of the first lab page's mount at 4x CPU (DevTools trace,
//! `V8.CompileCode`). A script whose first line is the magic comment
//! `//# allFunctionsCalledOnLoad` has all its functions compiled as it
//! loads (V8's explicit compile hints, Chrome 136:
//! <https://v8.dev/blog/explicit-compile-hints>); `static/boot.js` loads
//! the glue when a pointer reaches a lab link, before the app needs it.
//! Other browsers read a comment.

use std::path::Path;

/// The magic comment, a line of its own at the top of the file.
pub const HINT: &str = "//# allFunctionsCalledOnLoad\n";

/// Puts [`HINT`] atop the glue that `page`'s `<meta name="vlab-boot">`
/// names, in `dir`. A glue that has it already stays as it is.
pub fn add(dir: &Path, page: &str) -> Result<(), String> {
    let glue = boot_glue(page).ok_or("the page has no <meta name=\"vlab-boot\" data-js=…>")?;
    let path = dir.join(glue.trim_start_matches("./"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if text.starts_with(HINT) {
        return Ok(());
    }
    std::fs::write(&path, format!("{HINT}{text}"))
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The glue's file name as `<meta name="vlab-boot" data-js="…">` has it
/// (Trunk.toml's `pattern_script`).
fn boot_glue(page: &str) -> Option<&str> {
    // Comments may mention the meta; the tag itself has its data-js.
    const TAG: &str = "<meta name=\"vlab-boot\" data-js=\"";
    let js = &page[page.find(TAG)? + TAG.len()..];
    Some(&js[..js.find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head><!-- <meta name=\"vlab-boot\"> names the files -->\n\
        <meta name=\"vlab-boot\" data-js=\"./vlab-web-1a.js\" data-wasm=\"./vlab-web-2b_bg.wasm\" /></head>";

    #[test]
    fn the_hint_goes_atop_the_glue_the_page_names_once() {
        let dir = std::env::temp_dir().join(format!("vlab-compile-hint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("vlab-web-1a.js"), "export function f() {}\n").unwrap();
        std::fs::write(dir.join("vlab-catalog.js"), "export function g() {}\n").unwrap();
        add(&dir, PAGE).unwrap();
        add(&dir, PAGE).unwrap();
        let glue = std::fs::read_to_string(dir.join("vlab-web-1a.js")).unwrap();
        let other = std::fs::read_to_string(dir.join("vlab-catalog.js")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(glue, format!("{HINT}export function f() {{}}\n"));
        assert_eq!(
            other, "export function g() {}\n",
            "only the whole app's glue"
        );
    }

    #[test]
    fn a_page_without_the_meta_or_its_file_is_an_error() {
        let dir = std::env::temp_dir();
        assert!(add(&dir, "<head></head>")
            .unwrap_err()
            .contains("vlab-boot"));
        let err = add(&dir.join("no-such-dir-vlab"), PAGE).unwrap_err();
        assert!(err.contains("vlab-web-1a.js: cannot read"), "{err}");
    }
}
