//! A lab: instructions, controls, the cluster, charts, goals, hints, events.
//! The outcome is recomputed from (lab, seed, control values) on every
//! change: the run is deterministic; most take under a millisecond, and the
//! long ones (a simulated day) go in slices (`sliced_run`).

use crate::catalog;
use crate::common::chart::Chart;
use crate::common::chart::Series;
use crate::common::later::Later;
use crate::common::markdown::SafeHtml;
use crate::common::shared_trace::{SharedSample, SharedTrace};
use crate::drs::drs_model::{ApproveControl, DrsConfig};
use crate::drs::drs_panel::DrsView;
use crate::ha::ha_model::{self, HaConfig};
use crate::ha::ha_panel::HaView;
use crate::ha::ha_timeline::HaTimeline;
use crate::io::io_series;
use crate::io::network_table::NetworkTable;
use crate::io::storage_table::StorageTable;
use crate::lab::chart_series::ChartSeries;
use crate::lab::compare;
use crate::lab::compare_bar::{side_class, CompareBar};
use crate::lab::compare_table::compare_panel;
use crate::lab::controls::ControlsPanel;
use crate::lab::event_log::EventLog;
use crate::lab::goals::GoalList;
use crate::lab::hints::Hints;
use crate::lab::host_view::HostView;
use crate::lab::lab_file::{use_lab_file, LabFile};
use crate::lab::lab_settings;
use crate::lab::lab_settings::share_problem_text;
use crate::lab::questions::{self, Questions};
use crate::lab::sliced_run::use_sliced_run;
use crate::lab::timeline::{self, TimelineControls};
use crate::lab::variant_bar::VariantBar;
use crate::memory::host_mem_chart::HostMemChart;
use crate::memory::mem_chart::MemChart;
use crate::memory::mem_model;
use crate::memory::mem_table::MemTable;
use crate::migration::migration_card::MigrationView;
use crate::resource::cluster_state::ClusterStateView;
use crate::resource::numa_table::NumaTable;
use crate::resource::pool_table::PoolTable;
use crate::resource::vm_table::VmTable;
use crate::state::route::Route;
use crate::state::{use_app, AppAction};
use crate::text::tr;
use rust_i18n::t;
use std::collections::BTreeSet;
use std::rc::Rc;
use vlab_sim::{Outcome, Value};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabPageProps {
    pub id: String,
    /// `control=value` pairs from a shared link, applied once on open.
    #[prop_or_default]
    pub shared: Vec<(String, String)>,
}

#[component]
pub fn LabPage(props: &LabPageProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    // The web build fetches a lab's file when it is first opened.
    let file = use_lab_file(&props.id);
    let lab = catalog::find(&props.id);
    let progress = app.prefs.progress.get(&props.id).cloned();
    let settings = lab
        .map(|lab| lab_settings::settings(lab, progress.as_ref()))
        .unwrap_or_default();
    // The student's variant, and its inputs with the student's settings:
    // what views that rebuild the scenario apply.
    let seed = lab.map_or(0, |lab| lab_settings::seed(lab, progress.as_ref()));
    let full = lab
        .map(|lab| lab_settings::full_settings(lab, progress.as_ref()))
        .unwrap_or_default();
    // Which sample the cluster view shows [s], for which lab; None (or
    // another lab's time) = the last one. Local view state: it changes
    // what is shown, not what is simulated.
    let view_t = use_state(|| None::<(String, u32)>);
    // Problems with a shared link's values, shown until the link changes.
    let share_errors = use_state(Vec::<lab_settings::ShareProblem>::new);
    {
        let app = app.clone();
        let share_errors = share_errors.clone();
        use_effect_with(
            (props.id.clone(), props.shared.clone(), lab.is_some()),
            move |(id, shared, _)| {
                // Another lab, or a link without values: an earlier link's
                // problems no longer apply.
                if shared.is_empty() {
                    share_errors.set(Vec::new());
                }
                if let (Some(lab), false) = (catalog::find(id), shared.is_empty()) {
                    let seed = lab_settings::parse_shared_seed(lab, shared);
                    match (
                        lab_settings::parse_shared(lab, &compare::a_pairs(shared)),
                        seed,
                    ) {
                        (Ok(values), Ok(seed)) => {
                            app.dispatch(AppAction::SetVariant {
                                lab: id.clone(),
                                seed,
                            });
                            app.dispatch(AppAction::SetControls {
                                lab: id.clone(),
                                values,
                            });
                            share_errors.set(Vec::new());
                            forget_shared_query(id);
                        }
                        (values, seed) => share_errors.set(
                            values
                                .err()
                                .unwrap_or_default()
                                .into_iter()
                                .chain(seed.err())
                                .collect(),
                        ),
                    }
                }
            },
        );
    }
    // The control the student moved last: its next steps are run ahead.
    let moved = use_mut_ref(|| None::<(String, String)>);
    let ahead = lab
        .map(|lab| {
            let moved = moved.borrow();
            let moved = moved
                .as_ref()
                .filter(|(id, _)| *id == props.id)
                .map(|(_, control)| control.as_str());
            // With the outcome shown, KEPT_RUNS - 1 more are kept.
            let max = crate::lab::sliced_run::KEPT_RUNS - 1;
            lab_settings::likely_next(lab, progress.as_ref(), moved, max)
        })
        .unwrap_or_default();
    // Long runs (a simulated day) go in slices, so the page never freezes.
    let run = use_sliced_run(lab, &props.id, &settings, seed, ahead);
    // A/B comparison: a second setting's run beside this one, on its clock.
    let compare = compare::use_compare(lab, &props.id, &props.shared, progress.as_ref(), lang);
    let outcome: crate::lab::sliced_run::SharedOutcome = run.outcome.clone();
    // The views hold the outcome's trace by Rc, compared by identity: never
    // copied (a day-long trace is large, and the time slider and each slice
    // of a run re-render).
    let shared: Rc<Option<SharedTrace>> = {
        let outcome = outcome.clone();
        use_memo(run.generation, move |_| match &*outcome {
            Some(Ok(o)) => Some(SharedTrace(o.trace.clone())),
            _ => None,
        })
    };
    // What the charts draw, once per run (not once per render: the
    // timeline re-renders the page for every sample it plays).
    let derived: Rc<Option<Derived>> = {
        let outcome = outcome.clone();
        use_memo((run.generation, lang), move |(_, lang)| match &*outcome {
            Some(Ok(o)) => Some(Derived::of(o, *lang, memory_views(lab, o))),
            _ => None,
        })
    };
    {
        // Record which goals pass, for the catalog's progress.
        let app = app.clone();
        let id = props.id.clone();
        use_effect_with(outcome.clone(), move |outcome| {
            if let Some(Ok(o)) = &**outcome {
                let passed: BTreeSet<String> = o
                    .goals
                    .iter()
                    .filter(|g| g.passed)
                    .map(|g| g.id.clone())
                    .collect();
                app.dispatch(AppAction::RecordPassed { lab: id, passed });
            }
        });
    }
    // The instructions as HTML, once per lab, language and variant (the
    // markdown is not parsed again on every render).
    let intro_html: Rc<Option<SafeHtml>> =
        use_memo((props.id.clone(), lang, seed, lab.is_some()), move |_| {
            lab.map(|lab| {
                SafeHtml::from_markdown(&crate::lab::lab_figures::filled(
                    lab,
                    &lab.spec.intro,
                    lang,
                    seed,
                ))
            })
        });
    let Some(lab) = lab else {
        if file == LabFile::Loading {
            return loading_line(lang);
        }
        if let LabFile::Failed(e) = &file {
            return html! {
                <div class="error" role="alert" data-testid="lab-load-failed">
                    <p>{ t!("lab.load_failed", locale = lang.code(), error = e.clone()) }</p>
                    <a href="#/">{ tr(lang, "lab.back") }</a>
                </div>
            };
        }
        return html! {
            <div class="lab-missing" data-testid="lab-missing">
                <p>{ t!("lab.not_found", locale = lang.code(), id = props.id.clone()) }</p>
                <a href="#/">{ tr(lang, "lab.back") }</a>
            </div>
        };
    };
    let id = props.id.clone();
    let on_change = {
        let app = app.clone();
        let id = id.clone();
        Callback::from(move |(control, value): (String, Value)| {
            *moved.borrow_mut() = Some((id.clone(), control.clone()));
            app.dispatch(AppAction::SetControl {
                lab: id.clone(),
                control,
                value,
            })
        })
    };
    let on_reset = {
        let app = app.clone();
        let id = id.clone();
        Callback::from(move |_| {
            app.dispatch(AppAction::SetControls {
                lab: id.clone(),
                values: Vec::new(),
            })
        })
    };
    let on_solution = {
        let app = app.clone();
        let id = id.clone();
        Callback::from(move |_| {
            app.dispatch(AppAction::SetControls {
                lab: id.clone(),
                values: lab_settings::solution_values(lab),
            })
        })
    };
    let on_reset_lab = {
        let app = app.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(AppAction::ResetLab { lab: id.clone() }))
    };
    let on_hint = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(AppAction::RevealHint { lab: id.clone() }))
    };
    let intro = (*intro_html).clone().unwrap_or_default().to_html();
    // Predict first: the outcome waits until the student commits answers
    // (or chooses to explore); its views are not even built until then.
    let hidden = questions::outcome_hidden(lab, progress.as_ref());
    let body = match &*outcome {
        Some(Ok(_)) if hidden => html! {},
        Some(Ok(o)) => {
            let d = (*derived).as_ref().expect("derived with the outcome");
            // B's series, drawn over A's while comparing.
            let b = compare
                .series
                .as_ref()
                .as_ref()
                .filter(|_| compare.comparison.is_some());
            let end_t = o.trace.last().t_s;
            let trace = (*shared).clone().expect("shared with the outcome");
            let index = view_t
                .as_ref()
                .filter(|(lab, _)| *lab == props.id)
                .and_then(|(_, t)| o.trace.samples.iter().position(|s| s.t_s == *t))
                .unwrap_or(o.trace.samples.len() - 1);
            let sample = SharedSample::new(trace.clone(), index);
            let shown = &o.trace.samples[sample.index];
            // The timeline and the event log move the shown sample.
            let times: Rc<[u32]> = o.trace.samples.iter().map(|s| s.t_s).collect();
            let on_seek = timeline::seek(view_t.clone(), props.id.clone(), times.clone());
            let uplink = io_series::uplink_at(&lab.spec.scenario, &full, &o.trace, shown.t_s);
            // Memory views for memory labs, and wherever memory ran short.
            let memory = memory_views(Some(lab), o);
            // The scenario as the student's settings make it.
            let configured = lab.spec.scenario.with_settings(&full).ok();
            // HA views wherever the scenario has `[ha]`.
            let ha_config = configured.as_ref().and_then(HaConfig::of).map(Rc::new);
            let has_ha = o.trace.samples.iter().any(|s| s.ha.is_some());
            // DRS and DPM views wherever the run has DRS's summary.
            let drs = o.trace.drs.is_some().then(|| {
                let config = configured.as_ref().and_then(DrsConfig::of).map(Rc::new);
                (trace.clone(), config, ApproveControl::of(lab).map(Rc::new))
            });
            // With DRS's panel (a frame after the goals), the rest one frame
            // later; with HA's (a frame after the hosts), one more.
            let after_drs = u32::from(drs.is_some());
            let after_ha = u32::from(has_ha);
            let shift = after_drs + after_ha;
            html! {
                <>
                    <section class="panel goals-panel" aria-labelledby="goals-h">
                        <h2 id="goals-h">{ tr(lang, "lab.goals") }</h2>
                        <GoalList lab={lab.spec.id.clone()} results={o.goals.clone()} />
                    </section>
                    { compare_panel(&compare, &props.id, &sample, &o.goals) }
                    // DRS's panel (its summary, charts and recommendations)
                    // a frame after the goals: DRS labs' Explore rendered
                    // both in one task of 63-72 ms at 4x CPU (issue 18).
                    if let Some((trace, config, approve)) = drs {
                        <Later step={1}>
                            <DrsView {trace} t_s={shown.t_s} {config} {approve} />
                        </Later>
                    }
                    <section class="panel viz" aria-labelledby="viz-h">
                        <h2 id="viz-h">{ format!("{} · t = {} s", tr(lang, "lab.cluster"), shown.t_s) }</h2>
                        <TimelineControls {times} t_s={shown.t_s} on_seek={on_seek.clone()}
                            run={timeline::run_key(&props.id, &full)} />
                        // The hosts, the tables, the migrations, the charts
                        // and the event log mount in frames of their own, in
                        // that order: at once they blocked a slow laptop for
                        // 100 ms and more (issue 18).
                        <Later step={1 + after_drs}>
                            <ClusterStateView sample={sample.clone()} />
                            <HostView lab={lab.spec.id.clone()} sample={sample.clone()} settings={full.clone()} />
                        </Later>
                        // HA's panel (policy, slots, per-host load) a frame
                        // after the hosts: with them, an HA lab's Explore laid
                        // out 350 new elements in one frame of 44-68 ms at 4x
                        // CPU (issue 18).
                        if has_ha {
                            <Later step={2 + after_drs}>
                                <HaView sample={sample.clone()} config={ha_config.clone()} />
                            </Later>
                        }
                        <Later step={2 + shift}>
                            <PoolTable sample={sample.clone()} />
                            <VmTable sample={sample.clone()} />
                        </Later>
                        // The other tables a frame later: with the VM table
                        // their first layout took 26 ms of a 57 ms frame in
                        // memory-state-ladder at 4x CPU.
                        <Later step={3 + shift}>
                            <NumaTable sample={sample.clone()} />
                            if memory {
                                <MemTable sample={sample.clone()} />
                            }
                            <NetworkTable sample={sample.clone()} {uplink} />
                            <StorageTable sample={sample.clone()} />
                        </Later>
                        // DRS's own vMotions are listed with its
                        // recommendations; the cards are for the lab's.
                        if o.trace.migrations.iter().any(|m| !m.by_drs) {
                            <Later step={4 + shift}>
                                <MigrationView migrations={Rc::new(o.trace.migrations.iter().filter(|m| !m.by_drs).cloned().collect::<Vec<_>>())} />
                            </Later>
                        }
                    </section>
                    <Later step={5 + shift}>
                        <section class="panel charts" aria-labelledby="charts-h">
                            <h2 id="charts-h">{ tr(lang, "lab.charts") }</h2>
                            if has_ha {
                                <HaTimeline groups={d.ha_groups.clone()}
                                    load={d.ha_load.clone()}
                                    end_s={end_t} t_s={shown.t_s} />
                            }
                            <Chart testid="chart-cpu" title={tr(lang, "chart.cpu_title")}
                                   series={d.lines.cpu.clone()} compare={b.map(|b| b.cpu.clone())} />
                            <Chart testid="chart-mem" title={tr(lang, "chart.mem_title")}
                                   series={d.lines.mem.clone()} compare={b.map(|b| b.mem.clone())} />
                            { optional_chart("chart-ready", tr(lang, "chart.ready_title"), &d.lines.ready, b.map(|b| &b.ready)) }
                            { optional_chart("chart-traffic", tr(lang, "chart.traffic_title"), &d.lines.traffic, b.map(|b| &b.traffic)) }
                            { optional_chart("chart-iops", tr(lang, "chart.iops_title"), &d.lines.iops, b.map(|b| &b.iops)) }
                            { optional_chart("chart-latency", tr(lang, "chart.latency_title"), &d.lines.latency, b.map(|b| &b.latency)) }
                            if memory {
                                <MemChart vms={d.vm_mem.clone()} t_s={shown.t_s} />
                                <HostMemChart hosts={d.host_mem.clone()} t_s={shown.t_s} />
                            }
                        </section>
                    </Later>
                    <Later step={6 + shift}>
                        <section class="panel events" aria-labelledby="events-h">
                            <h2 id="events-h">{ tr(lang, "lab.events") }</h2>
                            <EventLog trace={trace.clone()} t_s={shown.t_s} on_select={on_seek} />
                        </section>
                    </Later>
                </>
            }
        }
        Some(Err(e)) => html! {
            <p class="error" role="alert" data-testid="setting-error">
                { t!("lab.setting_error", locale = lang.code(), error = e.clone()) }
            </p>
        },
        None => html! {},
    };
    let hints_shown = progress.as_ref().map_or(0, |p| p.hints_shown);
    // A's values, then B's while comparing.
    let share_pairs: Vec<(String, String)> = lab_settings::share_pairs(lab, progress.as_ref())
        .into_iter()
        .chain(compare.share_pairs(lab, progress.as_ref()))
        .collect();
    let share_link = share_url(&Route::Lab {
        id: lab.spec.id.clone(),
        shared: share_pairs.clone(),
    });
    // The controls edit A, or B while comparing with B chosen.
    let wiring = compare.wire(
        lab,
        compare::Wiring {
            progress: progress.clone(),
            on_change,
            on_reset,
            on_solution,
        },
    );
    html! {
        <article class="lab-page" data-testid="lab-page" data-lab={lab.spec.id.clone()}>
            <p class="crumbs"><a href="#/">{ "← " }{ tr(lang, "lab.back") }</a>
                if app.prefs.presenter {
                    <crate::lab::shortcuts::Shortcuts />
                }
            </p>
            <h1>{ lab.spec.title.get(lang.code()) }</h1>
            <crate::lab::user_lab_note::UserLabNote lab={lab.spec.id.clone()} />
            <VariantBar lab={lab.spec.id.clone()} />
            <div class="lab-grid-layout">
                <div class="col-text">
                    if app.prefs.presenter {
                        // On a projector the cluster matters; the class
                        // has the instructions on their own screens.
                        <details class="panel instructions" data-testid="instructions-folded">
                            <summary><h2 id="instr-h">{ tr(lang, "presenter.instructions_folded") }</h2></summary>
                            <div class="markdown">{ intro }</div>
                        </details>
                    } else {
                        <section class="panel instructions" aria-labelledby="instr-h">
                            <h2 id="instr-h">{ tr(lang, "lab.instructions") }</h2>
                            <div class="markdown">{ intro }</div>
                        </section>
                    }
                    // The questions a frame after the rest of the page;
                    // what is below the instructions, and the share box
                    // below the controls, a frame after them: at once, the
                    // first lab opened took over 50 ms at 4x CPU (issue 18).
                    <Later step={2}>
                        <crate::lab::lab_terms::LabTerms lab={lab.spec.id.clone()} />
                        <section class="panel hints" aria-labelledby="hints-h">
                            <h2 id="hints-h">{ tr(lang, "lab.hints") }</h2>
                            <Hints lab={lab.spec.id.clone()} shown={hints_shown} on_reveal={on_hint} />
                        </section>
                        <details class="reset-lab">
                            <summary data-testid="reset-lab-open">{ tr(lang, "lab.reset_lab") }</summary>
                            <p class="muted">{ tr(lang, "lab.reset_lab_note") }</p>
                            <button type="button" class="btn" data-testid="reset-lab" onclick={on_reset_lab}>
                                { tr(lang, "lab.reset_lab_confirm") }
                            </button>
                        </details>
                    </Later>
                </div>
                <div class={classes!("col-work", run.running.is_some().then_some("stale"), compare.comparison.is_some().then_some("comparing"))}
                     aria-busy={run.running.is_some().to_string()}>
                    <section class="panel controls" aria-labelledby="controls-h">
                        <h2 id="controls-h">{ tr(lang, "lab.controls") }</h2>
                        <CompareBar editing={compare.editing()} on_toggle={compare.on_toggle(lab, progress.clone())}
                            on_switch={compare.on_switch()} />
                        <div class={classes!("ab-controls", compare.editing().map(side_class))}>
                            // Keyed by side: a drop-down keeps the option
                            // picked by hand over a new `selected`, so the
                            // other side's values need fresh controls.
                            <ControlsPanel key={compare.editing().map_or("A", |s| s.letter())}
                                lab={lab.spec.id.clone()} progress={wiring.progress}
                                on_change={wiring.on_change} on_reset={wiring.on_reset} on_solution={wiring.on_solution} />
                        </div>
                        { run_progress(lang, run.running, outcome.is_some() && !hidden) }

                        <Later step={2}>
                            <crate::lab::share_box::ShareBox lab={lab.spec.id.clone()} link={share_link}
                                pairs={share_pairs} />
                        </Later>
                    </section>
                    if !share_errors.is_empty() {
                        <div class="error" role="alert" data-testid="share-error">
                            <p>{ tr(lang, "lab.share_error") }</p>
                            <ul>{ for share_errors.iter().map(|e| html! { <li>{ share_problem_text(lang, e) }</li> }) }</ul>
                        </div>
                    }
                    if !compare.link_problems.is_empty() {
                        <div class="error" role="alert" data-testid="compare-link-error">
                            <p>{ tr(lang, "compare.link_error") }</p>
                            <ul>{ for compare.link_problems.iter().map(|e| html! { <li>{ share_problem_text(lang, e) }</li> }) }</ul>
                        </div>
                    }
                    <Later step={1}>
                        <Questions lab={lab.spec.id.clone()} />
                    </Later>
                    { body }
                </div>
            </div>
        </article>
    }
}

/// "Loading the lab…", while a lab's file is on its way (and where the
/// app's first page, a lab's, will mount: `app::FirstPage`).
pub fn loading_line(lang: crate::text::Lang) -> Html {
    html! {
        <p class="lab-loading" role="status" data-testid="lab-loading">{ tr(lang, "lab.loading") }</p>
    }
}

/// The full address of `route` on this site (any host, any sub-path).
fn share_url(route: &Route) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(loc) = web_sys::window().map(|w| w.location()) {
        let base = loc.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or("");
        return format!("{base}{}", route.href());
    }
    route.href()
}

/// After a shared link was applied, drop its query from the address bar so
/// a reload keeps the student's later changes instead of re-applying it.
fn forget_shared_query(id: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let plain = Route::Lab {
            id: id.to_string(),
            shared: Vec::new(),
        };
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&plain.href()));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}

/// While a long run is under way: how far it has got, as a progress bar a
/// screen reader announces, and whether what shows below is out of date.
fn run_progress(lang: crate::text::Lang, running: Option<(u32, u32)>, stale_shown: bool) -> Html {
    let Some((done_s, total_s)) = running else {
        return html! {};
    };
    let pct = (u64::from(done_s) * 100 / u64::from(total_s.max(1))).to_string();
    html! {
        <div class="run-progress" role="status" data-testid="run-progress" data-pct={pct.clone()}>
            <progress max="100" value={pct.clone()} aria-label={tr(lang, "lab.running_label")}></progress>
            <span>{ t!("lab.running", locale = lang.code(), pct = pct) }</span>
            if stale_shown {
                <span class="muted">{ " " }{ tr(lang, "lab.running_stale") }</span>
            }
        </div>
    }
}

/// A chart only when there is something to draw (a lab without SIOC has
/// no storage chart).
/// While comparing, B's series go over A's (and a chart shows if either
/// side has something to draw).
fn optional_chart(
    testid: &'static str,
    title: String,
    series: &Rc<Vec<Series>>,
    compare: Option<&Rc<Vec<Series>>>,
) -> Html {
    if series.is_empty() && compare.is_none_or(|b| b.is_empty()) {
        return html! {};
    }
    html! { <Chart testid={testid} title={title} series={series.clone()} compare={compare.cloned()} /> }
}

/// The series the charts draw, derived from one run.
struct Derived {
    lines: ChartSeries,
    vm_mem: Rc<Vec<mem_model::VmMemSeries>>,
    host_mem: Rc<Vec<mem_model::HostMemSeries>>,
    ha_groups: Rc<Vec<ha_model::TimeGroup>>,
    ha_load: Option<Rc<ha_model::LoadTable>>,
}

/// Whether the page shows memory views: for memory labs, and wherever
/// memory ran short.
fn memory_views(lab: Option<&vlab_sim::Lab>, o: &Outcome) -> bool {
    lab.is_some_and(|lab| lab.spec.topic == vlab_sim::Topic::Memory)
        || mem_model::memory_in_play(&o.trace)
}

impl Derived {
    /// `memory`: whether the memory views are shown (their series are
    /// built only then).
    fn of(o: &Outcome, lang: crate::text::Lang, memory: bool) -> Derived {
        let t = &o.trace;
        Derived {
            lines: ChartSeries::of(o, lang),
            vm_mem: Rc::new(if memory {
                mem_model::vm_mem_series(t)
            } else {
                Vec::new()
            }),
            host_mem: Rc::new(if memory {
                mem_model::host_mem_series(t)
            } else {
                Vec::new()
            }),
            ha_groups: Rc::new(ha_model::timeline(&t.events)),
            ha_load: ha_model::load_table(t).map(Rc::new),
        }
    }
}
