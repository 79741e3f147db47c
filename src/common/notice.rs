//! The banner shown once when stored prefs were unreadable and reset.

use crate::state::{use_app, AppAction};
use crate::text::tr;
use yew::prelude::*;

#[component]
pub fn StorageNotice() -> Html {
    let app = use_app();
    if app.notice.is_none() {
        return html! {};
    }
    let lang = app.prefs.lang;
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(AppAction::DismissNotice))
    };
    html! {
        <div class="notice" role="status" data-testid="storage-notice">
            <span>{ tr(lang, "notice.storage_reset") }</span>
            <button class="btn" onclick={dismiss}>{ tr(lang, "notice.dismiss") }</button>
        </div>
    }
}
