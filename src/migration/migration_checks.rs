//! A migration's pre-checks: every one, ✓ or ✗, with what it found and,
//! when it failed, the fix, so a student sees every cause at once. Open
//! when any failed; folded to one line when all passed.

use crate::migration::migration_text::check_text;
use crate::state::use_app;
use crate::text::tr;
use crate::text::tr_fill;
use std::rc::Rc;
use vlab_sim::migration::record::MigrationRecord;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MigrationChecksProps {
    pub record: Rc<MigrationRecord>,
    /// The migration's place in the file, for ids.
    pub index: usize,
}

#[component]
pub fn MigrationChecks(props: &MigrationChecksProps) -> Html {
    let lang = use_app().prefs.lang;
    let r = &props.record;
    if r.checks.is_empty() {
        return html! {};
    }
    let sep = tr(lang, "migration.label_sep");
    let items = r.checks.iter().map(|c| {
        let text = check_text(lang, r, c);
        let status = tr(
            lang,
            if c.passed {
                "migration.check_passed"
            } else {
                "migration.check_failed"
            },
        );
        html! {
            <li class={classes!("goal", "migration-check", if c.passed { "passed" } else { "failed" })}
                data-testid={format!("check-{}-{}", props.index, c.name.name())} data-passed={c.passed.to_string()}>
                <span class="goal-icon" aria-hidden="true">{ if c.passed { "✓" } else { "✗" } }</span>
                <span class="goal-text">
                    <strong>{ text.title }</strong>
                    <span class="sr-only">{ format!(" ({status})") }</span>
                    { sep.clone() }{ text.reason }
                </span>
                if let Some(fix) = text.fix {
                    <span class="goal-detail check-fix">{ tr_fill(lang, "migration.fix", &[("fix", &fix)]) }</span>
                }
            </li>
        }
    });
    let total = r.checks.len().to_string();
    let failed = r.checks.iter().filter(|c| !c.passed).count();
    let summary = if failed == 0 {
        tr_fill(lang, "migration.checks_passed", &[("total", &total)])
    } else {
        tr_fill(
            lang,
            "migration.checks_failed",
            &[("failed", &failed.to_string()), ("total", &total)],
        )
    };
    // Open when something failed: the causes are the point then.
    html! {
        <details class="migration-checks" open={failed > 0}
                 data-testid={format!("migration-checks-{}", props.index)}>
            <summary>{ summary }</summary>
            <ul class="goals">{ for items }</ul>
        </details>
    }
}
