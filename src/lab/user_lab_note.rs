//! Under the title of a lab opened from a file: a "Your lab" badge that
//! says where it came from, and, for a lab without goals (a bare
//! scenario), that it is a cluster to run and watch.

use crate::catalog::{self, user};
use crate::state::use_app;
use crate::text::{tr, tr_fill};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UserLabNoteProps {
    pub lab: String,
}

#[component]
pub fn UserLabNote(props: &UserLabNoteProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let Some(kept) = user::is_user_id(&props.lab)
        .then(|| user::get(&props.lab))
        .flatten()
    else {
        return html! {};
    };
    let no_goals = catalog::find(&props.lab).is_some_and(|l| l.goals.is_empty());
    html! {
        <div class="user-lab-note" data-testid="user-lab-note">
            <p>
                <span class="badge">{ tr(lang, "open_lab.badge") }</span>{ " " }
                <span class="muted">{ tr_fill(lang, "open_lab.badge_note", &[("file", &kept.file)]) }</span>
            </p>
            if no_goals {
                <p class="note" data-testid="no-goals">{ tr(lang, "open_lab.no_goals") }</p>
            }
        </div>
    }
}
