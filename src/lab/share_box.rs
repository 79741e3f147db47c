//! "Share these settings" under the controls. A built-in lab's link names
//! it (`#/lab/ID?values`); a lab opened from a file is not on the
//! receiver's page, so its link carries the file itself
//! (`#/open?lab=…`, see `state::lab_link`), or, when that would be too
//! long for a link, the box says so and offers the file instead.

use crate::catalog::user;
use crate::common::download::{download, DownloadUrl};
use crate::state::lab_link::{self, Share, MAX_LINK_CHARS};
use crate::state::use_app;
use crate::text::{tr, tr_fill, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    /// The lab's id.
    pub lab: String,
    /// The built-in lab's link, with the page's address (`…#/lab/ID?…`).
    pub link: String,
    /// The control values the link carries.
    pub pairs: Vec<(String, String)>,
}

#[component]
pub fn ShareBox(props: &ShareBoxProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let url = use_mut_ref(|| None::<DownloadUrl>);
    let kept = user::is_user_id(&props.lab)
        .then(|| user::get(&props.lab))
        .flatten();
    let body = match kept {
        None => link_view(lang, "lab.share_note", props.link.clone()),
        Some(kept) => {
            let base = props.link.split('#').next().unwrap_or("");
            match lab_link::share(base, &kept.file, &kept.source, &props.pairs) {
                Share::Link(link) => link_view(lang, "open_lab.share_note", link),
                Share::TooLong { chars } => {
                    let on_download = Callback::from(move |_: MouseEvent| {
                        *url.borrow_mut() = download(&kept.file, &kept.source, "text/plain");
                    });
                    let (chars, max) = (figure(lang, chars), figure(lang, MAX_LINK_CHARS));
                    html! {
                        <div data-testid="share-too-long">
                            <p>{ tr_fill(lang, "open_lab.share_too_long", &[("chars", &chars), ("max", &max)]) }</p>
                            <button type="button" class="btn" data-testid="share-download" onclick={on_download}>
                                { tr(lang, "open_lab.download") }
                            </button>
                        </div>
                    }
                }
            }
        }
    };
    html! {
        <details class="share" data-testid="share-box">
            <summary>{ tr(lang, "lab.share") }</summary>
            { body }
        </details>
    }
}

fn link_view(lang: Lang, note: &str, link: String) -> Html {
    html! {
        <>
            <label for="share-link" class="muted">{ tr(lang, note) }</label>
            <input id="share-link" data-testid="share-link" type="text" readonly=true value={link} />
        </>
    }
}

/// A count as the reader's language writes it: 8,000 or 8000.
fn figure(lang: Lang, n: usize) -> String {
    let digits = n.to_string();
    if lang == Lang::ZhCn {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_english_only() {
        assert_eq!(figure(Lang::En, 8000), "8,000");
        assert_eq!(figure(Lang::En, 12345678), "12,345,678");
        assert_eq!(figure(Lang::En, 999), "999");
        assert_eq!(figure(Lang::ZhCn, 8000), "8000");
    }
}
