//! The banner shown once when stored prefs were unreadable and reset, or
//! came from a newer vlab and were kept.

use crate::state::prefs::Discarded;
use crate::state::{use_app, AppAction};
use crate::text::tr;
use yew::prelude::*;

#[component]
pub fn StorageNotice() -> Html {
    let app = use_app();
    let Some(why) = app.notice else {
        return html! {};
    };
    let key = match why {
        Discarded::Newer => "notice.storage_newer",
        Discarded::Corrupt | Discarded::Outdated => "notice.storage_reset",
    };
    let lang = app.prefs.lang;
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(AppAction::DismissNotice))
    };
    html! {
        <div class="notice" role="status" data-testid="storage-notice">
            <span>{ tr(lang, key) }</span>
            <button class="btn" onclick={dismiss}>{ tr(lang, "notice.dismiss") }</button>
        </div>
    }
}
