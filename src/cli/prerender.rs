//! `vlab prerender`: the catalog written into the built `index.html`, so a
//! cold load shows it as soon as the HTML and the stylesheet arrive, long
//! before the WebAssembly has downloaded, compiled and started (issue 18).
//!
//! The markup is built from what the app's catalog shows
//! (`pages/catalog_page.rs`, `common/header.rs`): the same index, locale
//! texts, routes and CSS classes, in English and in 简体中文. Both copies
//! start hidden; `static/first-paint.js`, a synchronous script in `<head>`,
//! gives `<html>` the stored language and theme and names the part to show
//! (`data-prerender`: the catalog on its route, a loading line on any
//! other), and `static/style.css` shows that part of the matching copy.
//! What needs the app (the header's switches, the progress panel's
//! controls, each lab's progress) keeps its space, `inert` and hidden, so
//! nothing moves when the app takes over. Nothing here carries the app's
//! `data-testid`s: the end-to-end tests find exactly one of each.
//! `app::mount` removes the whole block in the task that mounts a build.

use crate::catalog;
use crate::state::prefs::Theme;
use crate::state::route::Route;
use crate::text::{tr, Lang};
use rust_i18n::t;
use std::fmt::Write;
use vlab_sim::Topic;

/// The block's first line; with [`END`] it marks what a later run
/// replaces, so running the command twice gives the same page.
pub const START: &str = "<!-- vlab-prerender:start (src/cli/prerender.rs) -->";
pub const END: &str = "<!-- vlab-prerender:end -->";
/// The element `app::mount` removes when the app starts.
pub use crate::catalog::PRERENDER_ID as ID;

/// `page` with the prerendered catalog just after `<body>`, or in place
/// of the block an earlier run wrote.
pub fn insert(page: &str) -> Result<String, String> {
    let block = format!("{START}\n{}{END}", markup());
    if let Some(start) = page.find(START) {
        let end = page[start..]
            .find(END)
            .map(|i| start + i + END.len())
            .ok_or_else(|| format!("the page has {START} but no {END}"))?;
        return Ok(format!("{}{block}{}", &page[..start], &page[end..]));
    }
    let body = body_start(page).ok_or("the page has no <body>")?;
    Ok(format!("{}\n{block}{}", &page[..body], &page[body..]))
}

/// Where the `<body>` tag ends, comments skipped (they may name it).
fn body_start(page: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &page[at..];
        let tag = rest.match_indices("<body").map(|(i, _)| i).find(|&i| {
            matches!(
                rest.as_bytes().get(i + 5),
                Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
            )
        })?;
        match rest.find("<!--") {
            Some(c) if c < tag => at += c + rest[c..].find("-->")? + 3,
            _ => return Some(at + tag + rest[tag..].find('>')? + 1),
        }
    }
}

/// Both languages' copies in one wrapper.
pub fn markup() -> String {
    let mut out =
        format!("<div id=\"{ID}\" class=\"prerender\" data-testid=\"catalog-prerender\">\n");
    for lang in Lang::ALL {
        out.push_str(&copy(lang));
    }
    out.push_str("</div>\n");
    out
}

/// One language's header, loading line and catalog.
fn copy(lang: Lang) -> String {
    let t = |key: &str| escape(&tr(lang, key));
    let mut out = format!("<div class=\"prerender-copy\" lang=\"{}\">\n", lang.code());
    out.push_str(&header(lang));
    out.push_str("<main>\n");
    let _ = writeln!(
        out,
        "<p class=\"prerender-loading muted\">{}</p>\n<p class=\"boot-failed\">{}</p>",
        t("catalog.starting"),
        t("catalog.start_failed")
    );
    // The catalog (pages/catalog_page.rs).
    let _ = write!(
        out,
        "<div class=\"catalog\">\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n\
         <p class=\"open-lab-link\"><a class=\"btn\" href=\"{}\">{}</a></p>\n\
         <p class=\"sandbox-link\"><a class=\"btn\" href=\"{}\">{}</a><span class=\"muted\"> {}</span></p>\n",
        t("catalog.heading"),
        t("catalog.intro"),
        open_route().href(),
        t("open_lab.nav"),
        Route::Sandbox.href(),
        t("sandbox.catalog_link"),
        t("sandbox.catalog_note"),
    );
    out.push_str(&progress_panel(lang));
    for topic in Topic::ALL {
        out.push_str(&topic_section(lang, topic));
    }
    out.push_str("</div>\n</main>\n</div>\n");
    out
}

/// The header (common/header.rs): brand and links, and the space its
/// switches will take (`inert`, hidden by style.css: they need the app).
fn header(lang: Lang) -> String {
    let t = |key: &str| escape(&tr(lang, key));
    let mut out = format!(
        "<header class=\"app-header\"><a class=\"brand\" href=\"{}\"><span class=\"brand-name\">{}</span><span class=\"brand-tagline\">{}</span></a>\n<nav aria-label=\"{}\">",
        Route::Catalog.href(),
        t("app.title"),
        t("app.tagline"),
        t("nav.catalog"),
    );
    let nav = [
        (Route::Catalog, "nav.catalog"),
        (Route::Glossary { term: None }, "nav.glossary"),
        (open_route(), "open_lab.nav"),
        (Route::Sandbox, "sandbox.nav"),
        (Route::About, "nav.about"),
    ];
    for (route, key) in nav {
        let _ = write!(out, "<a href=\"{}\">{}</a>", route.href(), t(key));
    }
    let options = |names: Vec<String>| -> String {
        names
            .iter()
            .map(|n| format!("<option>{n}</option>"))
            .collect()
    };
    let langs = Lang::ALL.iter().map(|l| escape(l.native_name())).collect();
    let themes = Theme::ALL
        .iter()
        .map(|th| t(&format!("theme.{}", th.code())))
        .collect();
    let _ = writeln!(
        out,
        "</nav>\n<div class=\"switches\" inert><button type=\"button\" class=\"btn presenter-toggle\">{}</button>\
         <label><span>{}</span><select>{}</select></label><label><span>{}</span><select>{}</select></label></div></header>",
        t("presenter.on"),
        t("nav.language"),
        options(langs),
        t("nav.theme"),
        options(themes),
    );
    out
}

/// The progress panel (pages/progress_panel.rs): its heading and words,
/// and in the space its controls will take (`inert`, hidden), the line
/// saying the app is starting.
fn progress_panel(lang: Lang) -> String {
    let t = |key: &str| escape(&tr(lang, key));
    format!(
        "<section class=\"panel progress-panel\"><h2>{}</h2><p class=\"muted\">{}</p>\n\
         <div class=\"prerender-actions\"><p class=\"prerender-status muted\">{}</p><div class=\"progress-actions\" inert>\
         <div class=\"progress-export\"><label>{}</label><input type=\"text\" /><p class=\"muted small\">{}</p><button type=\"button\" class=\"btn btn-primary\">{}</button></div>\
         <div class=\"progress-import\"><label>{}</label><input type=\"file\" /><p class=\"muted small\">{}</p></div></div></div></section>\n",
        t("progress.heading"),
        t("progress.intro"),
        t("catalog.starting"),
        t("progress.name"),
        t("progress.name_note"),
        t("progress.export"),
        t("progress.import"),
        t("progress.import_note"),
    )
}

/// `#/open` with nothing to open.
fn open_route() -> Route {
    Route::Open {
        lab: None,
        file: None,
        shared: Vec::new(),
    }
}

/// A topic's heading and its labs' cards, with the space their progress
/// will take (`inert`, hidden).
fn topic_section(lang: Lang, topic: Topic) -> String {
    let mut out = format!(
        "<section class=\"topic\" data-topic=\"{}\"><h2>{}</h2>\n",
        topic.name(),
        escape(&tr(lang, &format!("topic.{}", topic.name())))
    );
    let labs: Vec<_> = catalog::by_topic(topic).collect();
    if labs.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            escape(&tr(lang, "catalog.coming"))
        );
    } else {
        out.push_str("<ul class=\"lab-grid\">\n");
        for lab in labs {
            let href = Route::Lab {
                id: lab.id.to_string(),
                shared: Vec::new(),
            }
            .href();
            let _ = writeln!(
                out,
                "<li class=\"lab-card\"><a href=\"{}\"><h3>{}</h3></a><p>{}</p>\
                 <div class=\"progress-line\" inert><progress></progress><span>{}</span></div></li>",
                escape(&href),
                escape(lab.title(lang.code())),
                escape(lab.summary(lang.code())),
                // Only its height counts: the app fills in the progress.
                escape(&t!("catalog.progress", locale = lang.code(), passed = 0, total = lab.goals)),
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// `s` safe as HTML text and as a double-quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `vlab prerender [FILE|DIR]`: writes the catalog into a built page.
/// Without an argument, the page is `$TRUNK_STAGING_DIR/index.html`, so
/// Trunk.toml's post_build hook needs no shell.
pub fn command(args: &[String], read: &dyn Fn(&str) -> std::io::Result<String>) -> (i32, String) {
    let path = match args {
        [] => match std::env::var("TRUNK_STAGING_DIR") {
            Ok(dir) => std::path::Path::new(&dir).join("index.html"),
            Err(_) => return (
                2,
                "vlab prerender: name the built index.html (or run it as Trunk's post_build hook)"
                    .into(),
            ),
        },
        [one] if std::path::Path::new(one).is_dir() => std::path::Path::new(one).join("index.html"),
        [one] => std::path::PathBuf::from(one),
        _ => return (2, "vlab prerender takes one file".into()),
    };
    let file = path.to_string_lossy().into_owned();
    let page = match read(&file) {
        Ok(page) => page,
        Err(e) => return (1, format!("{file}: cannot read: {e}")),
    };
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let page = insert(&page)
        .and_then(|page| super::catalog_files::name_in(dir, &page))
        .and_then(|page| super::compile_hint::add(dir, &page).map(|()| page));
    match page.map(|out| std::fs::write(&path, out)) {
        Ok(Ok(())) => (
            0,
            format!(
                "{file}: the catalog prerendered ({} labs; en, zh-CN)\n",
                catalog::index().len()
            ),
        ),
        Ok(Err(e)) => (1, format!("{file}: cannot write: {e}")),
        Err(e) => (1, format!("{file}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The copy of `lang` in the markup.
    fn copy_of(html: &str, lang: Lang) -> &str {
        let open = format!("<div class=\"prerender-copy\" lang=\"{}\">", lang.code());
        let start = html.find(&open).expect("a copy per language");
        let rest = &html[start + open.len()..];
        &rest[..rest
            .find("<div class=\"prerender-copy\"")
            .unwrap_or(rest.len())]
    }

    #[test]
    fn every_lab_appears_with_its_link_in_both_languages() {
        let html = markup();
        assert!(!catalog::index().is_empty());
        for lang in Lang::ALL {
            let copy = copy_of(&html, lang);
            assert!(copy.contains(&escape(&tr(lang, "catalog.heading"))));
            for lab in catalog::index() {
                let link = format!(
                    "<a href=\"#/lab/{}\"><h3>{}</h3></a>",
                    lab.id,
                    escape(lab.title(lang.code()))
                );
                assert!(
                    copy.contains(&link),
                    "{} ({}) lacks {link}",
                    lab.id,
                    lang.code()
                );
                assert!(copy.contains(&escape(lab.summary(lang.code()))));
            }
            for topic in Topic::ALL {
                assert!(copy.contains(&escape(&tr(lang, &format!("topic.{}", topic.name())))));
            }
        }
        // The two copies are different languages.
        assert_ne!(copy_of(&html, Lang::En), copy_of(&html, Lang::ZhCn));
        // No test id of the app's: the end-to-end tests find one of each.
        assert_eq!(html.matches("data-testid").count(), 1);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<b> & "q" 中文"#),
            "&lt;b&gt; &amp; &quot;q&quot; 中文"
        );
        // Every '<' in the markup opens a tag or a comment of ours: no
        // text (titles, summaries, locale texts) slipped through raw.
        let html = markup();
        for (i, _) in html.match_indices('<') {
            let next = html[i + 1..].chars().next().unwrap();
            assert!(
                next.is_ascii_alphabetic() || next == '/',
                "raw '<' at {i}: {}",
                &html[i..i + 20]
            );
        }
    }

    #[test]
    fn inserting_twice_gives_the_same_page() {
        let page = "<!DOCTYPE html>\n<html><head><!-- into <body> --></head>\n<body class=\"x\">\n  <noscript>no</noscript>\n</body></html>\n";
        let once = insert(page).unwrap();
        assert!(once.starts_with(
            "<!DOCTYPE html>\n<html><head><!-- into <body> --></head>\n<body class=\"x\">\n<!-- vlab-prerender:start"
        ));
        assert!(once.ends_with(&format!(
            "{END}\n  <noscript>no</noscript>\n</body></html>\n"
        )));
        assert_eq!(insert(&once).unwrap(), once);
        assert_eq!(once.matches(&format!("id=\"{ID}\"")).count(), 1);
        assert!(insert("<html></html>").is_err());
        assert!(insert("<html><!-- <body> --></html>").is_err());
        assert!(insert("<html><bodyguard></bodyguard></html>").is_err());
    }
}
