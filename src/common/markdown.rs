//! Lab instructions: Markdown to HTML, with any raw HTML in the source shown
//! as text, never passed through (lab files may come from anyone), and
//! links and images only to web, mail or same-page addresses.
//!
//! [`SafeHtml`] is the only HTML the page inserts as is: a tidy test keeps
//! `from_html_unchecked` out of every other file.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};
use yew::{AttrValue, Html};

/// Renders `source` to an HTML string that contains no author-written tags.
pub fn to_safe_html(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// `url` if it is a web, mail or relative address; otherwise nothing (a
/// `javascript:` or `data:` link would run or show what the author chose).
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed(""),
    }
}

/// Markdown rendered by [`to_safe_html`], ready to insert.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SafeHtml(AttrValue);

impl SafeHtml {
    pub fn from_markdown(source: &str) -> SafeHtml {
        SafeHtml(AttrValue::from(to_safe_html(source)))
    }

    pub fn to_html(&self) -> Html {
        Html::from_html_unchecked(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn renders_markdown() {
        let html = to_safe_html("**bold** and `code`\n\n- item");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<li>item</li>"));
    }

    #[test]
    fn links_go_only_to_web_mail_or_same_page_addresses() {
        let html = to_safe_html(
            "[a](javascript:alert(1)) [b](JavaScript:x) [c](data:text/html,x) ![d](vbscript:x) \
             [e](https://example.org/x) [f](#term-tps) [g](mailto:t@example.org) [h](labs/x.toml)",
        );
        for bad in ["javascript", "JavaScript", "data:", "vbscript"] {
            assert!(!html.contains(bad), "{bad}: {html}");
        }
        for good in [
            "https://example.org/x",
            "#term-tps",
            "mailto:t@example.org",
            "labs/x.toml",
        ] {
            assert!(html.contains(good), "{good}: {html}");
        }
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let html = to_safe_html("hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
