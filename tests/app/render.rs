//! Server-side rendering of the UI, natively: what a student sees before any
//! effect runs (canvas drawing and storage need the browser; see wasm.rs).

use std::collections::BTreeMap;
use vlab::lab::lab_page::LabPage;
use vlab::state::prefs::{LabProgress, Prefs};
use vlab::state::{AppContext, AppState};
use vlab::text::Lang;
use vlab_sim::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct Props {
    state: AppState,
    lab: Option<String>,
}

#[component]
fn Harness(props: &Props) -> Html {
    let state = props.state.clone();
    let handle = use_reducer(move || state);
    let page = match &props.lab {
        Some(id) => html! { <LabPage id={id.clone()} /> },
        None => {
            html! { <vlab::pages::catalog_page::CatalogPage<vlab::pages::progress_panel::CheckHere> /> }
        }
    };
    html! { <ContextProvider<AppContext> context={handle}>{ page }</ContextProvider<AppContext>> }
}

/// The page as a student who chose "explore" sees it: everything at once
/// (predict-first is [`render_exercise`]'s, tested on its own).
fn render(mut state: AppState, lab: Option<&str>) -> String {
    if let Some(id) = lab {
        let p = state.prefs.progress.entry(id.to_string()).or_default();
        p.explore = true;
    }
    render_exercise(state, lab)
}

/// The page as it opens: a lab with questions asks them first.
fn render_exercise(state: AppState, lab: Option<&str>) -> String {
    let props = Props {
        state,
        lab: lab.map(str::to_string),
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<Harness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn state(lang: Lang, progress: BTreeMap<String, LabProgress>) -> AppState {
    AppState {
        prefs: Prefs {
            lang,
            progress,
            ..Prefs::default()
        },
        notice: None,
    }
}

#[test]
fn catalog_lists_every_lab_under_its_topic_with_progress() {
    let html = render(state(Lang::En, BTreeMap::new()), None);
    for lab in vlab::catalog::labs() {
        assert!(
            html.contains(&format!("data-testid=\"lab-link-{}\"", lab.spec.id)),
            "{} missing",
            lab.spec.id
        );
        assert!(html.contains(&lab.spec.title.en));
    }
    assert!(html.contains("data-topic=\"resource-controls\""));
    assert!(
        html.contains("Live migration"),
        "future topics are shown as coming"
    );
}

/// `vlab prerender`'s catalog (src/cli/prerender.rs), shown until the app
/// starts, mirrors the app's in each language: the same headings, the same
/// labs in the same order with the same links and words, the same classes.
#[test]
fn the_prerendered_catalog_mirrors_the_apps() {
    let pre = vlab::cli::prerender::markup();
    for lang in Lang::ALL {
        let app = render(state(lang, BTreeMap::new()), None);
        let app = &app[app.find("class=\"catalog\"").expect("the app's catalog")..];
        let copy = &pre[pre
            .find(&format!(
                "class=\"prerender-copy\" lang=\"{}\"",
                lang.code()
            ))
            .expect("a copy per language")..];
        let copy = &copy[copy.find("class=\"catalog\"").unwrap()..copy.find("</main>").unwrap()];
        assert_eq!(texts(app, "h3").len(), vlab::catalog::index().len());
        for tag in ["h1", "h2", "h3"] {
            assert_eq!(
                texts(copy, tag),
                texts(app, tag),
                "<{tag}> in {}",
                lang.code()
            );
        }
        let links = |html: &str| -> Vec<String> {
            html.split("href=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .collect()
        };
        assert_eq!(links(copy), links(app), "links in {}", lang.code());
        for class in copy
            .split("class=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .filter(|c| !c.starts_with("prerender"))
        {
            assert!(
                app.contains(&format!("class=\"{class}\"")),
                "the app's catalog has no class=\"{class}\""
            );
        }
    }
}

/// The text of every `<tag>` element in `html`, tags stripped, entities read.
fn texts(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    html.match_indices(&open)
        .filter(|(i, _)| matches!(html.as_bytes()[i + open.len()], b'>' | b' '))
        .map(|(i, _)| {
            let start = i + html[i..].find('>').unwrap() + 1;
            let end = start + html[start..].find(&close).unwrap();
            strip_tags(&html[start..end])
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn lab_page_shows_failed_goals_and_the_refusal_before_any_change() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("mem-admission-64gb"));
    assert!(
        html.contains("data-testid=\"goal-vm9-running\" data-passed=\"false\""),
        "{html}"
    );
    assert!(html.contains("refused by admission control"));
    assert!(html.contains("data-testid=\"chart-mem\""));
    assert!(
        html.contains("<strong>65536 MB = 64 GB</strong>"),
        "instructions are rendered Markdown"
    );
}

#[test]
fn stored_control_values_drive_the_outcome() {
    let mut progress = BTreeMap::new();
    let p = LabProgress {
        settings: [("vm9-reservation".to_string(), Value::Int(0))]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    progress.insert("mem-admission-64gb".to_string(), p);
    let html = render(state(Lang::En, progress), Some("mem-admission-64gb"));
    assert!(html.contains("data-testid=\"goal-vm9-running\" data-passed=\"true\""));
    assert!(html.contains("data-testid=\"goal-big-running\" data-passed=\"false\""));
}

#[test]
fn chinese_page_uses_the_lecture_terms() {
    let html = render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("mem-admission-64gb"),
    );
    assert!(html.contains("准入控制"));
    assert!(html.contains("预留"));
    assert!(html.contains("目标"), "goal heading translated");
}

#[test]
fn hidden_answers_record_predictions_in_their_words_and_judge_nothing() {
    // cross-vcenter-vmotion asks a choice question: the recorded answer
    // is the choice's words, not its value.
    let id = "cross-vcenter-vmotion";
    let lab = vlab::catalog::find(id).unwrap();
    let answers = lab.answers(lab.spec.seed).unwrap();
    let choice = lab
        .spec
        .question
        .iter()
        .find(|q| !q.choice.is_empty())
        .expect("a choice question");
    for lang in Lang::ALL {
        let p = committed_with(&answers);
        let mut st = state(lang, [(id.to_string(), p)].into_iter().collect());
        st.prefs.answers_hidden = true;
        let page = render_exercise(st, Some(id));
        assert!(page.contains("data-state=\"recorded\""), "{lang:?}");
        for judged in [
            "data-correct=",
            "data-expected=",
            "data-testid=\"question-score\"",
            "data-testid=\"apply-solution\"",
        ] {
            assert!(
                !page.contains(judged),
                "{judged} shown while answers are hidden ({lang:?})"
            );
        }
        let given = answers.iter().find(|a| a.id == choice.id).unwrap();
        let words = choice
            .choice
            .iter()
            .find(|c| c.value == given.expected)
            .unwrap()
            .text
            .get(lang.code());
        assert!(page.contains(words), "{words:?} in {lang:?}");
        // The run is shown: only the judging waits.
        assert!(page.contains("data-testid=\"goal-"));
    }
}

#[test]
fn an_exercise_asks_first_and_shows_the_run_only_once_the_student_commits() {
    let id = "shares-contention";
    let lab = vlab::catalog::find(id).unwrap();
    for lang in Lang::ALL {
        let asking = render_exercise(state(lang, BTreeMap::new()), Some(id));
        assert!(asking.contains("data-state=\"asking\""), "{asking}");
        for q in &lab.spec.question {
            assert!(asking.contains(&format!("data-testid=\"question-{}\"", q.id)));
        }
        for hidden in [
            "data-testid=\"goal-",
            "data-testid=\"chart-cpu\"",
            "data-testid=\"event-log\"",
        ] {
            assert!(
                !asking.contains(hidden),
                "{hidden} shown before the student commits"
            );
        }
        let commit = asking
            .split("data-testid=\"commit-answers\"")
            .nth(1)
            .unwrap();
        assert!(
            commit[..commit.find('>').unwrap()].contains("disabled"),
            "nothing answered yet"
        );

        let answers = lab.answers(lab.spec.seed).unwrap();
        let p = committed_with(&answers);
        let revealed = render_exercise(
            state(lang, [(id.to_string(), p)].into_iter().collect()),
            Some(id),
        );
        assert!(revealed.contains("data-state=\"revealed\""));
        assert!(revealed.contains("data-correct=\"true\""));
        assert!(!revealed.contains("data-correct=\"false\""));
        assert!(
            revealed.contains("data-testid=\"goal-"),
            "goals shown after commit"
        );
        assert!(revealed.contains("data-testid=\"chart-cpu\""));
        let right = if lang == Lang::En { "Right" } else { "正确" };
        assert!(revealed.contains(right), "{lang:?}");
    }
}

#[test]
fn unknown_lab_says_so_instead_of_a_blank_page() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("no-such-lab"));
    assert!(html.contains("no-such-lab") && html.contains("data-testid=\"lab-missing\""));
}

#[component]
fn NoticeHarness(props: &Props) -> Html {
    let state = props.state.clone();
    let handle = use_reducer(move || state);
    html! {
        <ContextProvider<AppContext> context={handle}>
            <vlab::common::notice::StorageNotice />
        </ContextProvider<AppContext>>
    }
}

/// Storage from a newer vlab says so (in both languages); damaged or
/// older storage says it was reset; none says nothing.
#[test]
fn the_storage_notice_says_whether_data_was_reset_or_kept_for_a_newer_vlab() {
    use vlab::state::prefs::Discarded;
    let notice = |lang, notice| {
        let props = Props {
            state: AppState {
                notice,
                ..state(lang, BTreeMap::new())
            },
            lab: None,
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<NoticeHarness>::with_props(props)
                .hydratable(false)
                .render(),
        )
    };
    let newer = notice(Lang::En, Some(Discarded::Newer));
    assert!(
        newer.contains("storage-notice") && newer.contains("newer version of vlab"),
        "{newer}"
    );
    assert!(notice(Lang::ZhCn, Some(Discarded::Newer)).contains("更新版本的 vlab"));
    assert!(notice(Lang::En, Some(Discarded::Corrupt)).contains("have been reset"));
    assert!(!notice(Lang::En, None).contains("storage-notice"));
}

// ---------- The cluster view's tables, read cell by cell ----------

use vlab::io::network_table::NetworkTable;
use vlab::io::storage_table::{ms1, StorageTable};
use vlab::lab::host_view::HostView;
use vlab::resource::cluster_state::ClusterStateView;
use vlab::resource::vm_table::sig4;
use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::cpu::sched::ReadyLevel;
use vlab_sim::io::nioc::UplinkSpeed;
use vlab_sim::{Sample, Sim, Trace};

/// The text of every `<th>` and `<td>` in the element with `testid`, up to
/// its closing tag `end`, tags stripped and trimmed.
fn cells(html: &str, testid: &str, end: &str) -> Vec<String> {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid} in {html}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let body = &html[start..start + html[start..].find(end).unwrap()];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<t") {
        let after = &rest[i..];
        let is_cell = ["<td ", "<td>", "<th ", "<th>"]
            .iter()
            .any(|p| after.starts_with(p));
        if !is_cell {
            rest = &after[2..];
            continue;
        }
        let open = after.find('>').unwrap() + 1;
        let close = after.find("</t").unwrap();
        out.push(strip_tags(&after[open..close]).trim().to_string());
        rest = &after[close..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Which part of the cluster view a test renders on its own.
#[derive(Clone, PartialEq)]
enum Part {
    Cluster,
    Hosts,
    Network(Option<UplinkSpeed>),
    Storage,
}

#[derive(Properties, PartialEq)]
struct PartProps {
    lang: Lang,
    sample: Sample,
    part: Part,
}

#[component]
fn PartHarness(props: &PartProps) -> Html {
    let st = state(props.lang, BTreeMap::new());
    let handle = use_reducer(move || st);
    let sample = vlab::common::shared_trace::SharedSample::from(props.sample.clone());
    let body = match &props.part {
        Part::Cluster => html! { <ClusterStateView {sample} /> },
        Part::Hosts => html! { <HostView lab="not-a-catalog-lab" {sample} /> },
        Part::Network(uplink) => html! { <NetworkTable {sample} uplink={*uplink} /> },
        Part::Storage => html! { <StorageTable {sample} /> },
    };
    html! { <ContextProvider<AppContext> context={handle}>{ body }</ContextProvider<AppContext>> }
}

fn render_part(lang: Lang, sample: &Sample, part: Part) -> String {
    let props = PartProps {
        lang,
        sample: sample.clone(),
        part,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<PartHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn run_scenario(toml: &str) -> (vlab_sim::Scenario, Trace) {
    let s = vlab_sim::parse_scenario("t.toml", toml).unwrap_or_else(|e| panic!("{e:?}"));
    let t = Sim::run(&s, 1, &[]).unwrap();
    (s, t)
}

fn at(t: &Trace, t_s: u32) -> &Sample {
    t.samples.iter().find(|s| s.t_s == t_s).unwrap()
}

/// Words the pool table uses, per language.
struct PoolWords {
    headers: [&'static str; 9],
    cpu: &'static str,
    mem: &'static str,
    unlimited: &'static str,
    expandable: &'static str,
    levels: [&'static str; 3],
}

const POOL_EN: PoolWords = PoolWords {
    headers: [
        "Pool",
        "Resource",
        "Reservation",
        "Limit",
        "Shares",
        "Entitlement",
        "Granted",
        "Reservation used",
        "Unreserved",
    ],
    cpu: "CPU (MHz)",
    mem: "Memory (MB)",
    unlimited: "unlimited",
    expandable: "expandable",
    levels: ["low", "normal", "high"],
};

const POOL_ZH: PoolWords = PoolWords {
    headers: [
        "资源池",
        "资源",
        "预留",
        "限制",
        "份额",
        "权益",
        "已分配",
        "已用预留",
        "未预留",
    ],
    cpu: "CPU（MHz）",
    mem: "内存（MB）",
    unlimited: "不限",
    expandable: "可扩展",
    levels: ["低", "正常", "高"],
};

#[allow(clippy::too_many_arguments)]
fn pool_row(
    w: &PoolWords,
    label: &str,
    reservation: u64,
    expandable: bool,
    limit: Option<u64>,
    effective_shares: u64,
    level: Shares,
    rest: [u64; 4],
) -> Vec<String> {
    let mut row = vec![
        label.to_string(),
        if expandable {
            format!("{reservation} {}", w.expandable)
        } else {
            reservation.to_string()
        },
        limit.map_or(w.unlimited.to_string(), |l| l.to_string()),
        match level {
            Shares::Level(ShareLevel::Low) => format!("{effective_shares} ({})", w.levels[0]),
            Shares::Level(ShareLevel::Normal) => format!("{effective_shares} ({})", w.levels[1]),
            Shares::Level(ShareLevel::High) => format!("{effective_shares} ({})", w.levels[2]),
            Shares::Custom(_) => effective_shares.to_string(),
        },
    ];
    row.extend(rest.iter().map(u64::to_string));
    row
}

#[test]
fn pool_table_shows_reservation_limit_shares_and_the_trees_figures_in_both_languages() {
    let lab = vlab::catalog::find("pool-expandable-reservation").unwrap();
    let outcome = lab.run(lab.spec.seed, &[]).unwrap();
    let last = outcome.trace.last();
    assert!(last.pools.len() >= 2, "the lab nests pools");
    for (lang, w) in [(Lang::En, &POOL_EN), (Lang::ZhCn, &POOL_ZH)] {
        let html = render(state(lang, BTreeMap::new()), Some(&lab.spec.id));
        let head = cells(&html, "pool-table", "</thead>");
        assert_eq!(head, w.headers.map(String::from), "{}", lang.code());
        for p in &last.pools {
            let (s, a) = (&p.spec, &p.alloc);
            let name = if p.parent.is_some() {
                format!("└ {}", p.name)
            } else {
                p.name.clone()
            };
            let mut expected = vec![name];
            expected.extend(pool_row(
                w,
                w.cpu,
                s.cpu_reservation_mhz,
                s.cpu_expandable,
                s.cpu_limit_mhz,
                a.cpu_shares,
                s.cpu_shares,
                [
                    a.cpu_entitlement_mhz,
                    a.cpu_granted_mhz,
                    a.cpu_reservation_used_mhz,
                    a.cpu_unreserved_mhz,
                ],
            ));
            expected.extend(pool_row(
                w,
                w.mem,
                s.mem_reservation_mb,
                s.mem_expandable,
                s.mem_limit_mb,
                a.mem_shares,
                s.mem_shares,
                [
                    a.mem_entitlement_mb,
                    a.mem_granted_mb,
                    a.mem_reservation_used_mb,
                    a.mem_unreserved_mb,
                ],
            ));
            let got = cells(&html, &format!("pool-{}", p.name), "</tbody>");
            assert_eq!(got, expected, "{} in {}", p.name, lang.code());
        }
        // RP-MOM's fixed 6000 MHz, and RP-KID's not expandable CPU
        // reservation next to its expandable (default) memory one.
        let mom = cells(&html, "pool-RP-MOM", "</tbody>");
        assert_eq!((mom[1].as_str(), mom[2].as_str()), (w.cpu, "6000"));
        let kid = cells(&html, "pool-RP-KID", "</tbody>");
        assert!(!kid[2].contains(w.expandable) && kid[10].contains(w.expandable));
        assert!(html.contains("data-testid=\"cluster-state\" data-state=\"valid\""));
    }
}

#[test]
fn vm_table_shows_cpu_ready_per_vcpu_with_its_level_and_the_memory_columns() {
    let lab = vlab::catalog::find("cpu-overcommit-48-cores").unwrap();
    let control = lab
        .spec
        .control
        .iter()
        .find(|c| c.target == "vm.giant.vcpus")
        .expect("the lab has a control for giant's vCPUs");
    let progress = LabProgress {
        settings: [(control.id.clone(), Value::Int(48))].into_iter().collect(),
        ..Default::default()
    };
    let settings = vlab::lab::lab_settings::settings(lab, Some(&progress));
    let last = lab
        .run(lab.spec.seed, &settings)
        .unwrap()
        .trace
        .last()
        .clone();
    let worst = last
        .vms
        .iter()
        .filter_map(|v| v.cpu)
        .map(|c| c.ready_pct_per_vcpu())
        .fold(0.0, f64::max);
    assert!(worst >= 5.0, "a 48-vCPU giant makes the apps wait: {worst}");
    for (lang, levels) in [
        (Lang::En, ["ok", "watch", "degraded"]),
        (Lang::ZhCn, ["正常", "需关注", "性能下降"]),
    ] {
        let mut progress_map = BTreeMap::new();
        progress_map.insert(lab.spec.id.clone(), progress.clone());
        let html = render(state(lang, progress_map), Some(&lab.spec.id));
        for v in &last.vms {
            let got = cells(&html, &format!("vmrow-{}", v.name), "</tr>");
            assert_eq!(got.len(), 15, "{got:?}");
            assert_eq!(got[0], v.name);
            assert_eq!(got[1], v.host.clone().unwrap_or("—".into()));
            let sched: Vec<String> = match v.cpu {
                Some(c) => {
                    let level = match c.ready_level() {
                        ReadyLevel::Ok => levels[0],
                        ReadyLevel::Watch => levels[1],
                        ReadyLevel::Degraded => levels[2],
                    };
                    vec![
                        format!("{:.1}", c.ready_pct()),
                        format!("{:.1} % · {level}", c.ready_pct_per_vcpu()),
                        format!("{:.1}", c.mlmtd_pct()),
                        format!("{:.1}", c.costop_pct()),
                    ]
                }
                None => vec!["—".to_string(); 4],
            };
            assert_eq!(got[6..10], sched[..], "{} in {}", v.name, lang.code());
            assert_eq!(got[11], v.mem_active_mb.to_string());
            assert_eq!(got[14], v.shares_per_page.map_or("—".into(), sig4));
        }
        let header = if lang == Lang::En {
            "%RDY per vCPU"
        } else {
            "每个 vCPU 的 %RDY"
        };
        assert!(html.contains(&format!("<th scope=\"col\">{header}</th>")));
    }
    // The host view shows giant as configured, not as in the lab file.
    let mut progress_map = BTreeMap::new();
    progress_map.insert(lab.spec.id.clone(), progress.clone());
    let html = render(state(Lang::En, progress_map), Some(&lab.spec.id));
    let chip = &html[html.find("data-testid=\"vm-giant\"").unwrap()..];
    assert!(
        chip[..chip.find("</li>").unwrap()].contains("48 vCPU"),
        "{chip}"
    );
    // One host, no pools, all valid: no cluster line.
    let html = render(state(Lang::En, BTreeMap::new()), Some(&lab.spec.id));
    assert!(!html.contains("data-testid=\"cluster-state\""));
}

/// The guide's yellow-cluster example: three 4 GHz hosts, three pools
/// reserving 4 GHz each; h3 fails at 20 s.
const THREE_HOSTS: &str = r#"
duration_s = 40
[[host]]
name = "h1"
cpu_mhz = 4000
mem_mb = 16384
[[host]]
name = "h2"
cpu_mhz = 4000
mem_mb = 16384
[[host]]
name = "h3"
cpu_mhz = 4000
mem_mb = 16384
[[pool]]
name = "RP1"
cpu_reservation_mhz = 4000
[[pool]]
name = "RP2"
cpu_reservation_mhz = 4000
[[pool]]
name = "RP3"
cpu_reservation_mhz = 4000
[[vm]]
name = "v1"
pool = "RP1"
mem_mb = 1024
mem_overhead_mb = 0
[[timeline]]
at_s = 20
set = "host.h3.failed"
value = true
"#;

#[test]
fn a_host_failure_shows_a_yellow_cluster_and_a_failed_host() {
    let (_, t) = run_scenario(THREE_HOSTS);
    let before = at(&t, 0);
    let after = at(&t, 20);
    let c = &after.cluster;
    assert!(c.cpu_reserved_mhz > c.cpu_capacity_mhz);

    let html = render_part(Lang::En, before, Part::Cluster);
    assert!(html.contains("data-state=\"valid\""), "{html}");
    let html = render_part(Lang::En, after, Part::Cluster);
    assert!(html.contains("data-state=\"yellow\""), "{html}");
    assert!(html.contains("yellow (overcommitted)"));
    assert!(html.contains("after a host failure"));
    assert!(html.contains(&format!(
        "CPU: {} of {} MHz reserved",
        c.cpu_reserved_mhz, c.cpu_capacity_mhz
    )));
    assert!(html.contains("over capacity"));
    let zh = render_part(Lang::ZhCn, after, Part::Cluster);
    assert!(
        zh.contains("黄色（过量使用）") && zh.contains("主机故障"),
        "{zh}"
    );

    let hosts = render_part(Lang::En, after, Part::Hosts);
    assert!(
        hosts.contains("data-testid=\"host-h3\" data-failed=\"true\""),
        "{hosts}"
    );
    assert!(hosts.contains("data-testid=\"host-h1\" data-failed=\"false\""));
    assert!(hosts.contains("0 / 0 MHz") && hosts.contains(">failed<"));
    assert!(!hosts.contains("NaN") && !hosts.contains("inf"), "{hosts}");
    let zh = render_part(Lang::ZhCn, after, Part::Hosts);
    assert!(zh.contains(">故障<"));
}

const IO: &str = r#"
duration_s = 40
[[host]]
name = "h"
cpu_mhz = 10000
mem_mb = 16384
[[vm]]
name = "web"
mem_mb = 1024
[[vm]]
name = "batch"
mem_mb = 1024
[nioc]
uplink_gbps = 10
[[nioc.traffic]]
kind = "vmotion"
demand_mbps = 8000
[[nioc.traffic]]
kind = "virtual_machine"
demand_mbps = 6000
[[nioc.traffic]]
kind = "iscsi"
reservation_mbps = 1000
[sioc]
peak_iops = 10000
base_latency_us = 3000
max_queue_depth = 512
threshold = { latency_ms = 30 }
[[sioc.disk]]
vm = "web"
demand_iops = 1000
[[sioc.disk]]
vm = "batch"
demand_iops = 20000
[[timeline]]
at_s = 20
set = "nioc.uplink_gbps"
value = 25
[[timeline]]
at_s = 20
set = "sioc.enabled"
value = true
"#;

#[test]
fn network_table_lists_busy_traffic_types_with_the_uplink_at_the_shown_time() {
    let (scenario, t) = run_scenario(IO);
    for (t_s, gbps) in [(0, 10), (20, 25)] {
        let sample = at(&t, t_s);
        let uplink = vlab::io::io_series::uplink_at(&scenario, &[], &t, t_s);
        assert_eq!(uplink.map(UplinkSpeed::gbps), Some(gbps));
        let html = render_part(Lang::En, sample, Part::Network(uplink));
        for g in &sample.network {
            let testid = format!("traffic-{}", g.kind.name());
            if g.demand_mbps == 0 && g.reservation_mbps == 0 {
                assert!(!html.contains(&testid), "idle {testid} listed");
                continue;
            }
            let limit = g.limit_mbps.map_or("unlimited".into(), |l| l.to_string());
            let expected: Vec<String> = vec![
                match g.kind.name() {
                    "vmotion" => "vMotion traffic".to_string(),
                    "virtual_machine" => "Virtual machine traffic".to_string(),
                    "iscsi" => "iSCSI traffic".to_string(),
                    other => panic!("unexpected {other}"),
                },
                g.shares.to_string(),
                g.reservation_mbps.to_string(),
                limit,
                g.demand_mbps.to_string(),
                g.granted_mbps.to_string(),
            ];
            assert_eq!(cells(&html, &testid, "</tr>"), expected);
        }
        let granted: u64 = sample.network.iter().map(|g| g.granted_mbps).sum();
        let mbps = u64::from(gbps) * 1000;
        assert!(granted <= mbps);
        assert!(
            html.contains(&format!("{gbps} GbE = {mbps} Mbps")),
            "{html}"
        );
        assert!(html.contains(&format!("<td class=\"num\">{granted}</td></tr>")));
    }
    // Contended at 10 GbE, not at 25.
    let vmotion = |t_s| {
        at(&t, t_s)
            .network
            .iter()
            .find(|g| g.kind.name() == "vmotion")
            .unwrap()
            .granted_mbps
    };
    assert!(vmotion(0) < 8000 && vmotion(20) == 8000);
    let zh = render_part(Lang::ZhCn, at(&t, 0), Part::Network(None));
    assert!(
        zh.contains("虚拟机流量") && zh.contains("网络 I/O 控制"),
        "{zh}"
    );
    assert!(!zh.contains("GbE ="), "no uplink line without its speed");
}

#[test]
fn storage_table_shows_the_datastore_and_each_disk_in_milliseconds() {
    let (_, t) = run_scenario(IO);
    for t_s in [0, 20] {
        let sample = at(&t, t_s);
        let s = sample.storage.as_ref().unwrap();
        let d = &s.datastore;
        let html = render_part(Lang::En, sample, Part::Storage);
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let head_and_row = cells(&html, "datastore-table", "</table>");
        assert_eq!(
            head_and_row[6..],
            [
                d.iops.to_string(),
                ms1(d.latency_us),
                d.outstanding_io.to_string(),
                d.threshold_latency_us.map_or("none".into(), ms1),
                yes_no(d.congested),
                yes_no(d.throttling),
            ]
        );
        for k in &s.disk {
            assert_eq!(
                cells(&html, &format!("disk-{}", k.vm), "</tr>"),
                [
                    k.vm.clone(),
                    k.shares.to_string(),
                    k.demand_iops.to_string(),
                    k.iops.to_string(),
                    ms1(k.latency_us),
                ]
            );
        }
    }
    // Congested first come, first served; SIOC on holds the 30 ms threshold.
    let before = &at(&t, 0).storage.as_ref().unwrap().datastore;
    assert!(before.congested && before.latency_us > 30_000);
    let html = render_part(Lang::En, at(&t, 20), Part::Storage);
    assert!(html.contains("<td class=\"num\">30.0</td>"), "{html}");
    let zh = render_part(Lang::ZhCn, at(&t, 0), Part::Storage);
    assert!(zh.contains("存储 I/O 控制") && zh.contains("数据存储") && zh.contains(">是<"));
}

// ---------- Memory reclamation: the charts' text, legends and tables ----------

use std::rc::Rc;
use vlab::memory::host_mem_chart::HostMemChart;
use vlab::memory::mem_chart::MemChart;
use vlab::memory::mem_table::MemTable;
use vlab_sim::memory::{HostMemSample, MemState, MemThresholds, VmMemSample};

#[derive(Properties, PartialEq)]
struct MemProps {
    lang: Lang,
    trace: Trace,
    t_s: u32,
}

/// The memory views as the lab page shows them at `t_s`.
#[component]
fn MemHarness(props: &MemProps) -> Html {
    let st = state(props.lang, BTreeMap::new());
    let handle = use_reducer(move || st);
    let sample =
        vlab::common::shared_trace::SharedSample::from(at(&props.trace, props.t_s).clone());
    let vms = Rc::new(vlab::memory::mem_model::vm_mem_series(&props.trace));
    let hosts = Rc::new(vlab::memory::mem_model::host_mem_series(&props.trace));
    html! {
        <ContextProvider<AppContext> context={handle}>
            <MemTable {sample} />
            <MemChart {vms} t_s={props.t_s} />
            <HostMemChart {hosts} t_s={props.t_s} />
        </ContextProvider<AppContext>>
    }
}

fn render_mem(lang: Lang, trace: &Trace, t_s: u32) -> String {
    let props = MemProps {
        lang,
        trace: trace.clone(),
        t_s,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<MemHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The text of the element with `testid` up to `end`, tags stripped.
fn text_of(html: &str, testid: &str, end: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid} in {html}"));
    let body = &html[at..];
    strip_tags(&body[..body.find(end).unwrap()])
}

const TWO_HOSTS_THREE_VMS: &str = r#"
duration_s = 30
step_s = 10
[[host]]
name = "esx-a"
cpu_mhz = 10000
mem_mb = 16384
[[host]]
name = "esx-b"
cpu_mhz = 10000
mem_mb = 16384
[[vm]]
name = "web"
host = "esx-a"
mem_mb = 2048
[[vm]]
name = "db"
host = "esx-a"
mem_mb = 2048
[[vm]]
name = "idle"
host = "esx-b"
mem_mb = 1024
"#;

/// A host's memory sample (vSphere 6 style thresholds for minFree =
/// 100 MB), nothing shared.
fn host_mem(state: MemState, free_mb: u64) -> HostMemSample {
    HostMemSample {
        state,
        thresholds: MemThresholds {
            min_free_mb: 100,
            high_mb: 400,
            clear_mb: 100,
            soft_mb: 64,
            hard_mb: 32,
            low_mb: 16,
            target_free_mb: 100,
        },
        free_mb,
        shared_saved_mb: 0,
        zero_saved_mb: 0,
        mem_mb: 16384,
        overhead_mb: 0,
        shared_copies_mb: 0,
        large_pages_broken: false,
        time_s: 0,
    }
}

/// What the memory engine reports, built by hand: esx-a goes high → clear
/// → soft → hard while db is ballooned, then compressed and swapped; web
/// only shares pages; idle is off until 10 s.
fn memory_trace() -> Trace {
    let (_, mut t) = run_scenario(TWO_HOSTS_THREE_VMS);
    let states = [
        MemState::High,
        MemState::Clear,
        MemState::Soft,
        MemState::Hard,
    ];
    assert_eq!(t.samples.len(), 4);
    for (k, s) in t.samples.iter_mut().enumerate() {
        let k64 = k as u64;
        let mut a = host_mem(states[k], 900 - 280 * k64);
        a.shared_saved_mb = 10 * k64;
        a.zero_saved_mb = k64;
        s.memory = vec![a, host_mem(MemState::High, 12000)];
        s.vms[0].mem = Some(VmMemSample {
            touched_mb: 1500,
            active_mb: 300,
            private_mb: 1400 - 20 * k64,
            shared_mb: 60 + 10 * k64,
            zero_mb: 40 + 10 * k64,
            consumed_mb: 1430,
            performance_pct: 100,
            ..Default::default()
        });
        let (ballooned, compressed, swapped) =
            [(0, 0, 0), (0, 0, 0), (200, 0, 0), (200, 50, 30)][k];
        s.vms[1].mem = Some(VmMemSample {
            touched_mb: 2000,
            active_mb: 900,
            private_mb: 2000 - ballooned - compressed - swapped,
            ballooned_mb: ballooned,
            guest_swapped_mb: ballooned / 4,
            compressed_mb: compressed,
            compression_cache_mb: compressed / 2,
            swapped_mb: swapped,
            consumed_mb: 2000 - ballooned - compressed - swapped + compressed / 2,
            performance_pct: [100, 100, 96, 71][k],
            ..Default::default()
        });
        s.vms[2].mem = (k > 0).then(|| VmMemSample {
            touched_mb: 100,
            private_mb: 100,
            consumed_mb: 100,
            performance_pct: 100,
            ..Default::default()
        });
    }
    t
}

#[test]
fn the_memory_chart_stacks_six_named_layers_for_the_first_reclaimed_vm() {
    let t = memory_trace();
    for (lang, names) in [
        (
            Lang::En,
            [
                "private",
                "shared (TPS)",
                "zero pages (TPS)",
                "ballooned",
                "compressed",
                "swapped",
                "memory performance (% of all-in-RAM)",
            ],
        ),
        (
            Lang::ZhCn,
            [
                "私有",
                "共享（透明页面共享 TPS）",
                "零页（TPS）",
                "内存气球（ballooning）",
                "内存压缩",
                "交换（swapping）",
                "内存性能（占全部在 RAM 中时的 %）",
            ],
        ),
    ] {
        let html = render_mem(lang, &t, 30);
        let legend = &html[html.find("data-testid=\"mem-chart-legend\"").unwrap()..];
        let legend = &legend[..legend.find("</ul>").unwrap()];
        let items: Vec<String> = legend
            .split("<li>")
            .skip(1)
            .map(|li| strip_tags(li).trim().to_string())
            .collect();
        assert_eq!(items, names.map(String::from), "{}", lang.code());
        // db is the first VM that lost memory: it is the one shown.
        assert!(html.contains("data-vm=\"db\""), "{html}");
        assert!(
            html.contains("<option value=\"db\" selected=\"selected\">"),
            "{html}"
        );
        assert!(html.contains("<option value=\"web\">"));
        assert!(
            html.contains("<label for=\"mem-vm-select\">"),
            "the selector is labelled"
        );
        // The data table: a header, then t, the six layers, touched and
        // performance per sample.
        let table = cells(&html, "mem-chart-table", "</table>");
        assert_eq!(table.len(), 9 * 5, "{table:?}");
        assert_eq!(&table[1..7], &names[..6]);
        assert_eq!(
            table[9 * 4..],
            ["30", "1720", "0", "0", "200", "50", "30", "2000", "71"].map(String::from)
        );
    }
}

#[test]
fn the_host_memory_chart_names_the_state_its_thresholds_and_the_savings() {
    let t = memory_trace();
    let html = render_mem(Lang::En, &t, 20);
    assert!(html.contains("data-host=\"esx-a\""));
    assert!(
        html.contains("<option value=\"esx-b\">"),
        "a host selector with two hosts"
    );
    let now = text_of(&html, "host-mem-state", "</li>");
    assert!(now.contains("State now: soft (ballooning)"), "{now}");
    assert!(now.contains("plus ballooning"), "{now}");
    assert!(html.contains("data-state=\"soft\""));
    assert!(text_of(&html, "host-mem-free", "</li>").contains("Free memory: 340 MB"));
    assert!(text_of(&html, "host-mem-saved", "</li>")
        .contains("Page sharing saves 20 MB now, 2 MB of it from zero pages."));
    let thresholds = text_of(&html, "host-mem-thresholds", "</ul>");
    for label in [
        "high: 400 MB",
        "clear: 100 MB",
        "soft: 64 MB",
        "hard: 32 MB",
        "low: 16 MB",
    ] {
        assert!(thresholds.contains(label), "{label} in {thresholds}");
    }
    assert!(html.contains("minFree = 100 MB"));
    let bands = text_of(&html, "host-mem-states", "</ol>");
    assert!(
        bands.contains("0–10 s: high")
            && bands.contains("20–30 s: soft")
            && bands.contains("30 s: hard"),
        "{bands}"
    );
    assert_eq!(
        cells(&html, "host-mem-chart-table", "</thead>"),
        [
            "t (s)",
            "Free",
            "State",
            "Saved by sharing",
            "Of it, zero pages"
        ]
    );
    assert_eq!(
        cells(&html, "host-mem-chart-table", "</table>")[5..10],
        ["0", "900", "high", "0", "0"].map(String::from)
    );

    let zh = render_mem(Lang::ZhCn, &t, 30);
    let now = text_of(&zh, "host-mem-state", "</li>");
    assert!(
        now.contains("当前状态：硬（hard） —— 内存压缩和交换"),
        "{now}"
    );
    assert!(now.contains("内存气球停止"), "{now}");
    let thresholds = text_of(&zh, "host-mem-thresholds", "</ul>");
    assert!(
        thresholds.contains("高（high）：400 MB") && thresholds.contains("低（low）：16 MB"),
        "{thresholds}"
    );
    assert!(zh.contains("页面共享当前节省 30 MB，其中零页 3 MB。"));
}

#[test]
fn the_memory_table_shows_each_vm_at_the_shown_time() {
    let t = memory_trace();
    let html = render_mem(Lang::En, &t, 30);
    assert_eq!(
        cells(&html, "mem-table", "</thead>"),
        [
            "VM",
            "Touched",
            "Active",
            "Shared",
            "Zero pages",
            "Ballooned",
            "Compressed",
            "Swapped",
            "Consumed",
            "Performance (%)"
        ]
    );
    assert_eq!(
        cells(&html, "memrow-db", "</tr>"),
        ["db", "2000", "900", "0", "0", "200", "50", "30", "1745", "71"]
    );
    let off = render_mem(Lang::ZhCn, &t, 0);
    assert_eq!(cells(&off, "memrow-idle", "</tr>")[1..], ["—"; 9]);
    assert!(off.contains("已消耗") && off.contains("气球回收"));
}

#[test]
fn without_memory_data_the_memory_views_render_nothing() {
    let (_, mut t) = run_scenario(TWO_HOSTS_THREE_VMS);
    for s in &mut t.samples {
        s.memory.clear();
        s.vms.iter_mut().for_each(|v| v.mem = None);
    }
    assert!(!vlab::memory::mem_model::has_memory(&t));
    let html = render_mem(Lang::En, &t, 0);
    assert!(!html.contains("data-testid"), "{html}");
}

// ---------- Live migrations ----------

use vlab::migration::migration_card::MigrationView;
use vlab::migration::migration_text::check_text;
use vlab_sim::migration::record::{MigrationRecord, Outcome as MigrationOutcome};

#[derive(Properties, PartialEq)]
struct MigProps {
    lang: Lang,
    migrations: Vec<MigrationRecord>,
}

#[component]
fn MigHarness(props: &MigProps) -> Html {
    let st = state(props.lang, BTreeMap::new());
    let handle = use_reducer(move || st);
    let migrations = Rc::new(props.migrations.clone());
    html! {
        <ContextProvider<AppContext> context={handle}>
            <MigrationView {migrations} />
        </ContextProvider<AppContext>>
    }
}

/// The migration view as HTML.
fn render_migrations(lang: Lang, migrations: &[MigrationRecord]) -> String {
    let props = MigProps {
        lang,
        migrations: migrations.to_vec(),
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<MigHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The decoded text of the list item with `testid`.
fn item_text(html: &str, testid: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid} in {html}"));
    let body = &html[at..];
    let start = body.find('>').unwrap() + 1;
    decoded(&body[start..body.find("</li>").unwrap()])
}

fn decoded(html: &str) -> String {
    strip_tags(html)
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A VM that cannot move for eight reasons at once: the destination is in
/// maintenance mode, an older CPU without EVC, no vMotion network, no
/// shared datastore, too little memory for the reservation, and the VM
/// has a CD-ROM connected, CPU affinity and an internal-only vSwitch.
const REFUSED: &str = r#"
duration_s = 320
[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
cpu_generation = "skylake"
datastores = ["shared"]
[[host]]
name = "esx2"
cpu_mhz = 20000
mem_mb = 8192
cpu_generation = "haswell"
maintenance = true
datastores = ["local2"]
[[vm]]
name = "db"
host = "esx1"
mem_mb = 12288
mem_reservation_mb = 12000
datastore = "shared"
connected_devices = ["cdrom"]
cpu_affinity = [0, 1]
internal_switch = true
[[migration]]
vm = "db"
to_host = "esx2"
at_s = 300
"#;

/// A 4 GB VM dirtying 100 MB/s of a 1 GB working set over 1 GbE.
const COMPLETED: &str = r#"
duration_s = 600
[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 1
datastores = ["shared"]
[[host]]
name = "esx2"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 1
datastores = ["shared"]
[[vm]]
name = "web"
host = "esx1"
mem_mb = 4096
mem_dirty_mb_s = 100
writable_working_set_mb = 1024
datastore = "shared"
[[migration]]
vm = "web"
to_host = "esx2"
at_s = 300
"#;

#[test]
fn a_refused_migration_shows_every_failed_check_with_its_reason_and_fix_in_both_languages() {
    let (_, t) = run_scenario(REFUSED);
    let r = &t.migrations[0];
    assert_eq!(r.outcome, MigrationOutcome::Refused);
    let failed: Vec<_> = r.checks.iter().filter(|c| !c.passed).collect();
    assert!(failed.len() >= 8, "{:?}", r.checks);
    for lang in Lang::ALL {
        let html = render_migrations(lang, &t.migrations);
        assert!(html.contains("data-outcome=\"refused\""), "{html}");
        let text = decoded(&html);
        for c in &r.checks {
            let want = check_text(lang, r, c);
            assert!(text.contains(&want.title), "{} missing: {text}", want.title);
            assert!(
                text.contains(&want.reason),
                "{} missing: {text}",
                want.reason
            );
            if let Some(fix) = &want.fix {
                assert!(text.contains(fix.as_str()), "{fix} missing: {text}");
            }
            let testid = format!(
                "data-testid=\"check-0-{}\" data-passed=\"{}\"",
                c.name.name(),
                c.passed
            );
            assert!(html.contains(&testid), "{testid}");
        }
        // Nothing ran: no rounds, no charts.
        assert!(!html.contains("migration-rounds-0") && !html.contains("<canvas"));
    }
    // The translations themselves, not just what the helper gives.
    let en = decoded(&render_migrations(Lang::En, &t.migrations));
    for s in [
        "db: esx1 → esx2",
        "refused",
        "esx2 is in maintenance mode",
        "Fix: exit maintenance mode on esx2 or choose another host",
        "db runs with Intel Skylake Generation features; esx2's CPU is Intel Haswell Generation and lacks",
        "set the cluster's EVC baseline to Intel Haswell Generation",
        "no vMotion VMkernel network on esx2",
        "host-local devices are connected: cdrom",
        "its vCPUs are pinned to physical CPUs 0, 1",
        "esx2 cannot back its reservation: it needs",
        " MB of memory, 8192 available",
        "Refused because pre-checks failed: Not in maintenance mode, CPU features (EVC)",
    ] {
        assert!(en.contains(s), "{s} missing: {en}");
    }
    let zh = decoded(&render_migrations(Lang::ZhCn, &t.migrations));
    for s in [
        "已拒绝",
        "esx2 处于维护模式",
        "解决方法：让 esx2 退出维护模式，或选择另一台主机",
        "将集群的 EVC 基线设为 Intel Haswell Generation",
        "esx2 上没有 vMotion VMkernel 网络",
        "esx2 无法访问存放该虚拟机磁盘的数据存储 shared",
        "其 vCPU 绑定在物理 CPU 0, 1 上",
        "esx2 无法满足其预留",
        "预检查",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
}

#[test]
fn a_completed_migration_shows_its_rounds_downtime_and_charts() {
    let (_, t) = run_scenario(COMPLETED);
    let r = &t.migrations[0];
    assert_eq!(r.outcome, MigrationOutcome::Completed);
    assert!(r.rounds.len() > 1 && r.downtime_ms > 0, "{r:?}");
    for (lang, downtime, rounds) in [
        (Lang::En, "Downtime: ", "Pre-copy rounds: "),
        (Lang::ZhCn, "停机时间：", "预复制轮数："),
    ] {
        let html = render_migrations(lang, &t.migrations);
        assert!(html.contains("data-outcome=\"completed\""));
        assert_eq!(
            item_text(&html, "mig-downtime-0"),
            format!("{downtime}{} ms", r.downtime_ms)
        );
        assert_eq!(
            item_text(&html, "mig-rounds-0"),
            format!("{rounds}{}", r.rounds.len())
        );
        let table = cells(&html, "migration-rounds-0", "</table>");
        // Header, one row per round, then the switchover.
        assert_eq!(table.len(), 4 * (r.rounds.len() + 2), "{table:?}");
        for (i, x) in r.rounds.iter().enumerate() {
            let row = &table[4 * (i + 1)..4 * (i + 2)];
            assert_eq!(
                row,
                [
                    (i + 1).to_string(),
                    x.sent_mb.to_string(),
                    x.dirtied_mb.to_string(),
                    x.duration_ms.to_string()
                ]
            );
        }
        // Three charts, each labelled, with the phases as a table.
        for chart in ["rounds", "sent", "phases"] {
            let id = format!("data-testid=\"migration-{chart}-chart-0\"");
            assert!(html.contains(&id), "{id}");
        }
        // Three charts and three scrolling table regions, each labelled.
        assert_eq!(html.matches("role=\"region\"").count(), 3);
        assert_eq!(html.matches("aria-label=").count(), 6);
        assert!(html.contains("data-phase=\"switchover\""));
    }
    let en = decoded(&render_migrations(Lang::En, &t.migrations));
    assert!(
        en.contains(&format!("downtime {} ms", r.downtime_ms)),
        "{en}"
    );
    assert!(en.contains("web: esx1 → esx2") && en.contains("completed"));
}

#[test]
fn the_lab_page_shows_migrations_only_for_a_scenario_with_them() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("mem-admission-64gb"));
    assert!(!html.contains("data-testid=\"migrations\""));
    let lab = vlab::catalog::labs()
        .into_iter()
        .find(|l| !l.spec.scenario.migration.is_empty());
    if let Some(lab) = lab {
        let html = render(state(Lang::ZhCn, BTreeMap::new()), Some(&lab.spec.id));
        assert!(
            html.contains("data-testid=\"migrations\""),
            "{}",
            lab.spec.id
        );
        assert!(html.contains("热迁移"));
    }
}

// ---------- vSphere HA ----------

/// The element with `testid` up to the end of its row (`</div>` of a slot
/// row: its boxes are empty spans).
fn slot_row(html: &str, host: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"slot-row-{host}\""))
        .unwrap_or_else(|| panic!("no slot row for {host}"));
    let tail = &html[at..];
    let end = tail.find("slot-count").unwrap();
    tail[..end].to_string()
}

/// The value of attribute `name` on the element with `testid`.
fn attr(html: &str, testid: &str, name: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid}"));
    let start = html[..at].rfind('<').unwrap();
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let key = format!("{name}=\"");
    let i = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} on {testid}: {tag}"))
        + key.len();
    decoded(&tag[i..i + tag[i..].find('"').unwrap()])
}

#[test]
fn the_slot_policy_lab_shows_each_hosts_slots_as_boxes_in_both_languages() {
    for lang in Lang::ALL {
        let html = render(state(lang, BTreeMap::new()), Some("ha-slot-size"));
        assert!(html.contains("data-testid=\"ha-view\""));
        assert!(html.contains("data-policy=\"slots\" data-meets=\"true\""));
        // The guide's example: 4, 3 and 3 slots; 4 held back for esx1's failure.
        for (host, slots, used, held) in [("esx1", 4, 3, 1), ("esx2", 3, 1, 2), ("esx3", 3, 1, 1)] {
            let row = slot_row(&html, host);
            assert!(
                row.contains(&format!(
                    "data-slots=\"{slots}\" data-used=\"{used}\" data-held=\"{held}\""
                )),
                "{row}"
            );
            assert_eq!(row.matches("data-box=").count(), slots, "{row}");
            assert_eq!(row.matches("data-box=\"used\"").count(), used);
            assert_eq!(row.matches("data-box=\"held\"").count(), held);
        }
        assert!(slot_row(&html, "esx3").contains("class=\"slot-row master\""));
        // One image for the picture, with its table as the text alternative.
        let picture = attr(&html, "ha-slot-picture", "aria-label");
        assert!(
            picture.contains("esx1") && picture.contains("esx3"),
            "{picture}"
        );
        assert_eq!(attr(&html, "ha-slot-picture", "role"), "img");
        let table = cells(&html, "ha-slots-table", "</table>");
        assert_eq!(&table[6..12], ["esx1", &table[7], "4", "3", "1", "0"]);
    }
    let en = decoded(&render(
        state(Lang::En, BTreeMap::new()),
        Some("ha-slot-size"),
    ));
    for s in [
        "Admission control: slot policy (host failures the cluster tolerates)",
        "the configured failover level is kept",
        "Slot size: 2000 MHz / 2048 MB",
        "Slots: 10 in total, 5 used, 4 held back for failover, 1 available",
        "Current failover capacity: 1 host failure(s)",
        "Master: esx3",
        "Power-on of db refused by HA admission control: the VM needs 1 slot(s) but only 0 are available",
        "HA: esx3 is the master.",
    ] {
        assert!(en.contains(s), "{s} missing: {en}");
    }
    let html = render(state(Lang::En, BTreeMap::new()), Some("ha-slot-size"));
    let picture = attr(&html, "ha-slot-picture", "aria-label");
    assert!(
        picture.contains("esx3 (master): 3 slots, 1 used, 1 held back, 1 available"),
        "{picture}"
    );
    // With a fixed slot size (the reference solution) the note says so.
    let mut progress = BTreeMap::new();
    let lab = vlab::catalog::find("ha-slot-size").unwrap();
    progress.insert(
        lab.spec.id.clone(),
        LabProgress {
            settings: vlab::lab::lab_settings::solution_values(lab)
                .into_iter()
                .collect(),
            ..Default::default()
        },
    );
    let html = render(state(Lang::En, progress), Some("ha-slot-size"));
    let note = decoded(&text_of(&html, "ha-slots-note", "</p>"));
    assert!(
        note.contains("The policy fixes the slot size: 1000 MHz"),
        "{note}"
    );
    let zh = decoded(&render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("ha-slot-size"),
    ));
    for s in [
        "准入控制：插槽策略（集群允许的主机故障数）",
        "插槽大小：2000 MHz / 2048 MB",
        "共 10 个，已用 5 个，为故障切换保留 4 个，可用 1 个",
        "当前故障切换容量：1 台主机故障",
        "主节点：esx3",
        "每台主机的插槽",
        "为故障切换保留",
        "HA 准入控制拒绝了 db 的开机请求",
        "HA：esx3 是主节点。",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
    assert!(!zh.contains("held back") && !zh.contains("refused"), "{zh}");
}

#[test]
fn a_host_failure_shows_the_lost_slots_the_timeline_and_the_load_in_both_languages() {
    for lang in Lang::ALL {
        let html = render(state(lang, BTreeMap::new()), Some("ha-restart-priority"));
        // The failed host keeps its slots, greyed; the survivors hold more
        // than their slots without admission control.
        let esx1 = slot_row(&html, "esx1");
        assert!(esx1.contains("slot-row failed") && esx1.contains("data-box=\"lost\""));
        assert!(!esx1.contains("data-box=\"used\""));
        assert!(html.contains("data-box=\"over\""));
        assert!(html.contains("data-testid=\"ha-timeline\""));
        assert_eq!(attr(&html, "ha-strip", "role"), "img");
        assert!(
            html.contains("data-stage=\"detection\"") || html.contains("data-stage=\"election\"")
        );
        let load = cells(&html, "ha-load", "</table>");
        assert_eq!(load.len(), 4 * 4, "{load:?}");
        assert_eq!(load[4], "esx1");
    }
    let en = decoded(&render(
        state(Lang::En, BTreeMap::new()),
        Some("ha-restart-priority"),
    ));
    for s in [
        "Admission control: disabled (no admission control)",
        "Fault: host esx1 crashes.",
        "HA: the slaves lost the master and hold an election.",
        "HA restarted test on esx2 (attempt 1).",
        "HA could not restart app (attempt 1): no host can back its reservations (1000 MHz, 4096 MB with overhead); HA will retry.",
        "t = 95 s +35 s",
        "VMs waiting for HA to restart them: app (restart priority medium), db (restart priority medium)",
        "CPU per host before and after the first fault (at 60 s)",
        "Before (t\u{a0}=\u{a0}50\u{a0}s)",
        "4000 / 20000 MHz (20 %), 2 VMs",
    ] {
        assert!(en.contains(s), "{s} missing: {en}");
    }
    let html = render(
        state(Lang::En, BTreeMap::new()),
        Some("ha-restart-priority"),
    );
    let picture = attr(&html, "ha-slot-picture", "aria-label");
    assert!(
        picture.contains("esx1: failed, its 2 slots lost"),
        "{picture}"
    );
    let strip = attr(&html, "ha-strip", "aria-label");
    assert!(
        strip.contains("fault at 60 s") && strip.contains("restart at 95, 215 s"),
        "{strip}"
    );
    let zh = decoded(&render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("ha-restart-priority"),
    ));
    for s in [
        "准入控制：已禁用（无准入控制）",
        "故障注入：主机 esx1 崩溃。",
        "HA 已在 esx2 上重启 test（第 1 次尝试）。",
        "没有主机能满足其预留",
        "HA 将重试",
        "重启优先级：中等",
        "HA 时间线",
        "主节点选出",
        "+35 秒",
        "故障前（t\u{a0}=\u{a0}50\u{a0}秒）",
        "4000 / 20000 MHz（20 %），2 台虚拟机",
        "超出主机插槽的占用",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
}

#[test]
fn isolation_names_the_isolated_host_and_the_response_in_both_languages() {
    let mut progress = BTreeMap::new();
    let lab = vlab::catalog::find("ha-isolation-vs-failure").unwrap();
    progress.insert(
        lab.spec.id.clone(),
        LabProgress {
            settings: vlab::lab::lab_settings::solution_values(lab)
                .into_iter()
                .collect(),
            ..Default::default()
        },
    );
    let en = decoded(&render(
        state(Lang::En, progress.clone()),
        Some(&lab.spec.id),
    ));
    for s in [
        "Isolated hosts: esx2",
        "HA: the master sees host esx2's datastore heartbeats: isolated, not dead.",
        "HA: isolation response on esx2: power off and restart (2 VMs).",
        "Isolation response: power off and restart",
    ] {
        assert!(en.contains(s), "{s} missing: {en}");
    }
    let zh = decoded(&render(state(Lang::ZhCn, progress), Some(&lab.spec.id)));
    for s in [
        "被隔离的主机：esx2",
        "隔离响应",
        "数据存储检测信号",
        "已隔离",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
}

#[test]
fn labs_without_ha_show_no_ha_views() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("mem-admission-64gb"));
    assert!(!html.contains("data-testid=\"ha-view\""));
    assert!(!html.contains("data-testid=\"ha-timeline\""));
}

// ---------- DRS and DPM ----------

use vlab::drs::drs_model::{ApproveControl, DrsConfig};
use vlab::drs::drs_panel::DrsView;

#[derive(Properties, PartialEq)]
struct DrsProps {
    lang: Lang,
    trace: Rc<Trace>,
    t_s: u32,
    config: Option<Rc<DrsConfig>>,
    approve: Option<Rc<ApproveControl>>,
}

#[component]
fn DrsHarness(props: &DrsProps) -> Html {
    let st = state(props.lang, BTreeMap::new());
    let handle = use_reducer(move || st);
    html! {
        <ContextProvider<AppContext> context={handle}>
            <DrsView trace={vlab::common::shared_trace::SharedTrace(props.trace.clone())} t_s={props.t_s}
                config={props.config.clone()} approve={props.approve.clone()} />
        </ContextProvider<AppContext>>
    }
}

/// A scenario run with `settings`, and the DRS view of it at `t_s`
/// (the end when `None`), with or without a `drs.approved` control.
fn render_drs(
    lang: Lang,
    toml: &str,
    settings: &[(&str, Value)],
    t_s: Option<u32>,
    approve_max: Option<i64>,
) -> String {
    let scenario = vlab_sim::parse_scenario("t.toml", toml).unwrap_or_else(|e| panic!("{e:?}"));
    let settings: Vec<vlab_sim::Setting> = settings
        .iter()
        .map(|(target, value)| vlab_sim::Setting {
            target: target.to_string(),
            value: value.clone(),
        })
        .collect();
    let trace = Sim::run(&scenario, 1, &settings).unwrap();
    let config = DrsConfig::of(&scenario.with_settings(&settings).unwrap()).map(Rc::new);
    let approve = approve_max.map(|max| {
        Rc::new(ApproveControl {
            lab: "drs-test".into(),
            control: vlab_sim::lab::spec::Control {
                id: "approved".into(),
                target: "drs.approved".into(),
                label: vlab_sim::Text {
                    en: "Recommendations applied".into(),
                    zh_cn: "已执行的建议数".into(),
                },
                kind: vlab_sim::lab::spec::ControlKind::Range,
                min: Some(0),
                max: Some(max),
                step: Some(1),
                choices: None,
                unit: None,
            },
        })
    });
    let props = DrsProps {
        lang,
        t_s: t_s.unwrap_or(trace.last().t_s),
        trace: Rc::new(trace),
        config,
        approve,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<DrsHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// Three hosts with everything on esx1, two VMs DRS must keep apart, in
/// manual mode: DRS recommends, nothing moves until approved.
const DRS_MANUAL: &str = r#"
duration_s = 1800
step_s = 60
[drs]
automation = "manual"
threshold = 3
[[rule]]
name = "apart"
kind = "anti_affinity"
vms = ["a", "b"]
[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[host]]
name = "esx2"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[host]]
name = "esx3"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[vm]]
name = "a"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "b"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "c"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "d"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 2000
"#;

/// The `<tr>` with `testid`, up to its end.
fn row_html<'a>(html: &'a str, testid: &str) -> &'a str {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid}"));
    let start = html[..at].rfind('<').unwrap();
    let tail = &html[start..];
    &tail[..tail.find("</tr>").unwrap()]
}

#[test]
fn manual_drs_lists_waiting_recommendations_with_their_reasons_in_both_languages() {
    for lang in Lang::ALL {
        let html = render_drs(lang, DRS_MANUAL, &[], None, Some(6));
        for id in [
            "drs-view",
            "drs-summary",
            "drs-charts",
            "drs-recs",
            "drs-rec-1",
        ] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        // Nothing applied: above the target, every recommendation waits,
        // and the first can be applied on its own.
        assert_eq!(attr(&html, "drs-summary", "data-within"), "false");
        assert_eq!(attr(&html, "drs-summary", "data-automation"), "manual");
        assert!(row_html(&html, "drs-rec-1").contains("data-state=\"waiting\""));
        assert!(html.contains("data-testid=\"drs-apply-1\""));
        assert!(html.contains("data-testid=\"drs-apply-2\""));
        assert_eq!(attr(&html, "drs-apply-1", "type"), "button");
        // Each chart has a label and a data table; no DPM without [dpm].
        for id in ["drs-load-chart", "drs-imbalance-chart"] {
            assert_eq!(attr(&html, id, "role"), "img");
            assert!(!attr(&html, id, "aria-label").is_empty());
        }
        assert!(html.contains("data-testid=\"drs-load-table\""));
        assert!(!html.contains("data-testid=\"drs-power-chart\""));
        assert!(!html.contains("data-testid=\"dpm-power\""));
        // Short runs are in seconds.
        let table = cells(&html, "drs-imbalance-table", "</tr>");
        assert_eq!(table[0], vlab::text::tr(lang, "chart.t"));
    }
    let en = decoded(&render_drs(Lang::En, DRS_MANUAL, &[], None, Some(6)));
    for s in [
        "Automation level: manual (DRS only recommends, initial placement included: you apply)",
        "Migration threshold: 3 of 5: applies recommendations of priority 1 to 3",
        "above target",
        "DRS migrations: 0 so far (0 in the run)",
        "Waiting for approval: #1, #2",
        "anti-affinity rule apart",
        "1 (mandatory)",
        "esx1 → esx2",
        "waiting for approval",
        "Moves DRS considered and rejected:",
        "it would break rule apart",
        "“Apply” sets the control “Recommendations applied”",
        "Apply #1–#2",
    ] {
        assert!(en.contains(s), "{s} missing: {en}");
    }
    let html = render_drs(Lang::En, DRS_MANUAL, &[], None, Some(6));
    assert_eq!(
        attr(&html, "drs-apply-2", "aria-label"),
        "Apply recommendations #1 to #2: sets “Recommendations applied” to 2"
    );
    let rec1 = cells(&html, "drs-rec-1", "</tr>");
    assert_eq!(rec1[0], "#1");
    assert!(rec1[1].starts_with("waiting for approval"), "{rec1:?}");
    assert_eq!(rec1[2], "300 s");
    assert_eq!(rec1[3], "b");
    assert_eq!(rec1[4], "esx1 → esx2");
    let zh = decoded(&render_drs(Lang::ZhCn, DRS_MANUAL, &[], None, Some(6)));
    for s in [
        "自动化级别：手动",
        "迁移阈值：3（共 5 级）",
        "高于目标",
        "等待批准",
        "反亲和性规则 apart",
        "1（强制）",
        "不平衡度（迁移前 → 后）",
        "热迁移代价（秒）",
        "执行 #1–#2",
        "会违反规则 apart",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
    assert!(
        !zh.contains("waiting for approval") && !zh.contains("Apply"),
        "{zh}"
    );
}

#[test]
fn approving_recommendations_applies_them_and_apply_needs_a_control_that_can_take_the_number() {
    // Approved up to 2: both applied as vMotions, within the target.
    let html = render_drs(
        Lang::En,
        DRS_MANUAL,
        &[("drs.approved", Value::Int(2))],
        None,
        Some(6),
    );
    assert!(row_html(&html, "drs-rec-1").contains("data-state=\"applied\""));
    assert!(row_html(&html, "drs-rec-2").contains("data-state=\"applied\""));
    assert!(!html.contains("data-testid=\"drs-apply-1\""));
    assert!(!html.contains("data-testid=\"drs-apply-2\""));
    assert_eq!(attr(&html, "drs-summary", "data-within"), "true");
    assert!(decoded(&html).contains("within target"));
    // No control: no button anywhere. A control up to 1: only #1's.
    let html = render_drs(Lang::En, DRS_MANUAL, &[], None, None);
    assert!(!html.contains("drs-apply-"));
    let html = render_drs(Lang::En, DRS_MANUAL, &[], None, Some(1));
    assert!(html.contains("data-testid=\"drs-apply-1\""));
    assert!(!html.contains("data-testid=\"drs-apply-2\""));
    // Before the first pass the rows are marked as later than the shown time.
    let html = render_drs(Lang::En, DRS_MANUAL, &[], Some(120), Some(6));
    assert!(row_html(&html, "drs-rec-1").contains("class=\"later\""));
}

/// Three hosts through a day: DPM puts hosts in standby at night and
/// wakes them for the day's load.
const DPM_DAY: &str = include_str!("../fixtures/dpm-day.toml");

#[test]
fn dpm_shows_hosts_powered_on_energy_and_the_power_timeline_in_hours_in_both_languages() {
    for lang in Lang::ALL {
        let html = render_drs(lang, DPM_DAY, &[], None, None);
        for id in [
            "drs-power-chart",
            "dpm-power",
            "dpm-strip",
            "dpm-events",
            "drs-energy",
        ] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert_eq!(attr(&html, "dpm-strip", "role"), "img");
        assert!(html.contains("data-state=\"standby\""));
        assert!(html.contains("data-action=\"standby\"") && html.contains("data-action=\"wake\""));
        // A day is in hours: "h:mm" in the tables, hours on the axis.
        let table = cells(&html, "drs-power-table", "</table>");
        assert_eq!(table[0], vlab::text::tr(lang, "drs.col_t_h"));
        assert_eq!(table[3], "0:00");
        assert!(decoded(&html).contains(&vlab::text::tr(lang, "drs.axis_time_h")));
        // No control for approvals in full automation: no buttons.
        assert!(!html.contains("drs-apply-"));
    }
    let en = decoded(&render_drs(Lang::En, DPM_DAY, &[], None, None));
    for s in [
        "Automation level: fully automated",
        "DPM: on, automatic, threshold 3 of 5 (the band: standby below 45 % host utilization, wake above 81 %)",
        "Hosts powered on: ",
        " kWh so far (",
        "entering standby (DPM)",
        "put in standby (its utilization: ",
        "DPM's power actions",
        "standby ",
    ] {
        assert!(en.contains(s), "{s} missing");
    }
    // DPM's evacuations say standby, never "maintenance mode or standby".
    assert!(!en.contains("maintenance mode or standby"));
    let html = render_drs(Lang::En, DPM_DAY, &[], None, None);
    let strip = attr(&html, "dpm-strip", "aria-label");
    assert!(
        strip.starts_with("Power states from 0 to 24:00. esx1: on 0:00–"),
        "{strip}"
    );
    let zh = decoded(&render_drs(Lang::ZhCn, DPM_DAY, &[], None, None));
    for s in [
        "自动化级别：全自动",
        "DPM 电源时间线",
        "能耗：截至目前",
        "已开机的主机",
        "进入待机",
        "正在进入待机（DPM）",
        "时间（小时）",
    ] {
        assert!(zh.contains(s), "{s} missing: {zh}");
    }
    // DPM off: the energy of every host on, and no standby.
    let html = decoded(&render_drs(
        Lang::En,
        DPM_DAY,
        &[("dpm.enabled", Value::Bool(false))],
        None,
        None,
    ));
    assert!(
        html.contains("DPM: off (every host stays powered on)"),
        "{html}"
    );
    assert!(html.contains("DPM did not put any host in standby in this run."));
}

#[test]
fn the_manual_mode_lab_page_offers_apply_and_labs_without_drs_show_no_drs_view() {
    if let Some(lab) = vlab::catalog::find("drs-manual-mode") {
        let html = render(state(Lang::En, BTreeMap::new()), Some(&lab.spec.id));
        assert!(html.contains("data-testid=\"drs-view\""));
        assert!(html.contains("data-testid=\"drs-apply-1\""));
        // The event log says DRS's recommendations in the student's language.
        let zh = decoded(&render(
            state(Lang::ZhCn, BTreeMap::new()),
            Some(&lab.spec.id),
        ));
        assert!(
            zh.contains("DRS #1：将 ") && zh.contains("（等待批准）。"),
            "{zh}"
        );
    }
    let html = render(state(Lang::En, BTreeMap::new()), Some("mem-admission-64gb"));
    assert!(!html.contains("data-testid=\"drs-view\""));
}

#[test]
fn a_host_in_dpm_standby_says_so_on_its_card_in_both_languages() {
    let scenario = vlab_sim::parse_scenario("t.toml", DPM_DAY).unwrap();
    let trace = Sim::run(&scenario, 1, &[]).unwrap();
    // 03:00: the night's load is low and DPM has put hosts in standby.
    let night = trace
        .samples
        .iter()
        .find(|s| s.t_s == 3 * 3600)
        .expect("a sample at 03:00");
    let asleep = night
        .drs
        .as_ref()
        .unwrap()
        .host_power
        .iter()
        .filter(|p| **p == vlab_sim::drs::note::HostPower::Standby)
        .count();
    assert!(asleep >= 1, "DPM put a host in standby by 03:00");
    let en = render_part(Lang::En, night, Part::Hosts);
    assert_eq!(en.matches("data-power=\"standby\"").count(), asleep, "{en}");
    assert!(en.contains(">standby<"));
    let zh = render_part(Lang::ZhCn, night, Part::Hosts);
    assert!(zh.contains(">待机<"));
    // At the start every host is on: no power tag at all.
    let start = render_part(Lang::En, &trace.samples[0], Part::Hosts);
    assert!(!start.contains("data-power="), "{start}");
}

#[test]
fn the_numa_lab_shows_where_each_vm_runs_in_both_languages() {
    let html = render(
        state(Lang::En, BTreeMap::new()),
        Some("numa-virtual-sockets"),
    );
    assert!(html.contains("data-testid=\"numa-table\""), "{html}");
    let en = decoded(&html);
    for s in [
        "NUMA placement",
        "Virtual sockets",
        "Memory on its own nodes",
        "9 or more vCPUs",
    ] {
        assert!(en.contains(s), "{s} missing");
    }
    let zh = decoded(&render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("numa-virtual-sockets"),
    ));
    for s in ["NUMA 放置", "虚拟插槽", "客户机看到的虚拟 NUMA 节点"] {
        assert!(zh.contains(s), "{s} missing");
    }
    // A lab whose hosts are not described by sockets has no such table.
    let flat = render(state(Lang::En, BTreeMap::new()), Some("ha-failover-host"));
    assert!(!flat.contains("numa-table"));
}

// ---------- The timeline and the event log ----------

use vlab::common::shared_trace::SharedTrace;
use vlab::lab::event_log::EventLog;
use vlab::lab::timeline::TimelineControls;

#[derive(Properties, PartialEq)]
struct TimelineHarnessProps {
    lang: Lang,
    t_s: u32,
}

/// The timeline and the event log of the VM monitoring lab, shown at `t_s`.
#[component]
fn TimelineHarness(props: &TimelineHarnessProps) -> Html {
    let st = state(props.lang, BTreeMap::new());
    let handle = use_reducer(move || st);
    let trace = vm_monitoring_trace();
    let times: Rc<[u32]> = trace.samples.iter().map(|s| s.t_s).collect();
    html! {
        <ContextProvider<AppContext> context={handle}>
            <TimelineControls {times} t_s={props.t_s} on_seek={Callback::noop()} run={0} />
            <EventLog trace={SharedTrace(trace)} t_s={props.t_s} on_select={Callback::noop()} />
        </ContextProvider<AppContext>>
    }
}

fn vm_monitoring_trace() -> Rc<Trace> {
    let lab = vlab::catalog::find("ha-vm-monitoring").expect("lab");
    lab.run(lab.spec.seed, &[]).expect("runs").trace
}

fn render_timeline(lang: Lang, t_s: u32) -> String {
    futures::executor::block_on(
        yew::LocalServerRenderer::<TimelineHarness>::with_props(TimelineHarnessProps { lang, t_s })
            .hydratable(false)
            .render(),
    )
}

/// The opening tag of the element with `testid`.
fn open_tag<'a>(html: &'a str, testid: &str) -> &'a str {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid} in {html}"));
    let start = html[..at].rfind('<').unwrap();
    &html[start..at + html[at..].find('>').unwrap() + 1]
}

#[test]
fn the_timeline_offers_play_steps_and_speed_and_the_log_marks_later_events() {
    // VM monitoring lab: samples every 10 s to 240 s; the heartbeats of
    // three VMs stop at 60 s, one guest responds again at 105 s.
    let trace = vm_monitoring_trace();
    let html = render_timeline(Lang::En, 50);
    let slider = open_tag(&html, "time-select");
    for a in [
        "value=\"50\"",
        "min=\"0\"",
        "max=\"240\"",
        "step=\"10\"",
        "aria-valuetext=\"50 s\"",
    ] {
        assert!(slider.contains(a), "{a} in {slider}");
    }
    let play = open_tag(&html, "timeline-play");
    assert!(play.contains("data-playing=\"false\""), "{play}");
    assert!(
        play.contains("aria-label=\"Play the run, one sample at a time\""),
        "{play}"
    );
    let back = open_tag(&html, "timeline-back");
    assert!(
        back.contains("aria-label=\"Step back one sample\"") && !back.contains("aria-disabled"),
        "{back}"
    );
    assert!(!open_tag(&html, "timeline-forward").contains("aria-disabled"));
    let text = decoded(&html);
    for s in [
        "Time (s)",
        "50 / 240 s",
        "Step back",
        "Play",
        "Step forward",
        "Speed",
        "1× (2 samples/s)",
        "8× (16 samples/s)",
    ] {
        assert!(text.contains(s), "{s} missing in {text}");
    }
    // Every event is a button; those after 50 s have not happened yet.
    let later = trace.events.iter().filter(|e| e.t_s > 50).count();
    assert_eq!(later, 7, "six at 60 s, one at 105 s");
    assert_eq!(
        html.matches("class=\"ev-jump\"").count(),
        trace.events.len()
    );
    assert_eq!(html.matches("data-future=\"true\"").count(), later);
    assert_eq!(
        html.matches("data-future=\"false\"").count(),
        trace.events.len() - later
    );
    assert_eq!(text.matches("not yet:").count(), later);

    // At either end, the step that leads nowhere is disabled, and Play
    // at the end starts again.
    let start = render_timeline(Lang::En, 0);
    assert!(open_tag(&start, "timeline-back").contains("aria-disabled=\"true\""));
    let end = render_timeline(Lang::En, 240);
    assert!(open_tag(&end, "timeline-forward").contains("aria-disabled=\"true\""));
    assert!(open_tag(&end, "timeline-play")
        .contains("aria-label=\"Play the run again from the start\""));
    assert_eq!(end.matches("data-future=\"true\"").count(), 0);

    let zh = decoded(&render_timeline(Lang::ZhCn, 50));
    for s in [
        "时间 (s)",
        "后退一步",
        "播放",
        "前进一步",
        "速度",
        "1×（每秒 2 个采样）",
        "尚未发生：",
    ] {
        assert!(zh.contains(s), "{s} missing in {zh}");
    }
}

#[test]
fn the_lab_page_has_the_timeline_at_the_end_of_the_run() {
    // In explore mode: the run is shown even where predictions come first.
    let explore: LabProgress = serde_json::from_str(r#"{"explore": true}"#).unwrap();
    let progress = BTreeMap::from([("ha-vm-monitoring".to_string(), explore)]);
    let html = render(state(Lang::En, progress), Some("ha-vm-monitoring"));
    assert!(open_tag(&html, "time-select").contains("value=\"240\""));
    assert!(open_tag(&html, "timeline-play").contains("data-playing=\"false\""));
    assert!(html.contains("data-testid=\"timeline-speed\""));
    assert!(html.contains("class=\"ev-jump\""));
    assert_eq!(html.matches("data-future=\"true\"").count(), 0);
}

#[derive(Properties, PartialEq)]
struct GlossaryProps {
    lang: Lang,
    term: Option<String>,
}

#[component]
fn GlossaryHarness(props: &GlossaryProps) -> Html {
    let lang = props.lang;
    let handle = use_reducer(move || state(lang, BTreeMap::new()));
    html! {
        <ContextProvider<AppContext> context={handle}>
            <vlab::pages::glossary_page::GlossaryPage term={props.term.clone()} />
        </ContextProvider<AppContext>>
    }
}

/// The HTML from the element with `data-testid="{testid}"` up to `end`.
fn block<'a>(html: &'a str, testid: &str, end: &str) -> &'a str {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid}"));
    let tail = &html[at..];
    &tail[..tail.find(end).unwrap_or(tail.len())]
}

fn render_glossary(lang: Lang, term: Option<&str>) -> String {
    let props = GlossaryProps {
        lang,
        term: term.map(str::to_string),
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<GlossaryHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn the_glossary_lists_every_term_in_both_languages_with_its_labs_and_marks_the_linked_one() {
    use vlab::lab::glossary::TERMS;
    for lang in Lang::ALL {
        let html = render_glossary(lang, Some("ha-slot"));
        for term in TERMS {
            let entry = block(&html, &format!("term-{}", term.id), "<li id=\"term-");
            for l in Lang::ALL {
                assert!(
                    decoded(entry).contains(&term.name(l)),
                    "{} in {}: no {} name",
                    term.id,
                    lang.code(),
                    l.code()
                );
            }
            assert!(decoded(entry).contains(&term.definition(lang)));
            for lab in term.labs {
                assert!(
                    entry.contains(&format!("href=\"#/lab/{lab}\"")),
                    "{}: no link to {lab}",
                    term.id
                );
            }
        }
        assert_eq!(html.matches("class=\"glossary-entry current\"").count(), 1);
        let current = &html[html.find("<li id=\"term-ha-slot\"").unwrap()..];
        let current = &current[..current.find('>').unwrap()];
        assert!(
            current.contains("glossary-entry current")
                && current.contains("aria-current=\"location\""),
            "{current}"
        );
    }
    let zh = render_glossary(Lang::ZhCn, None);
    assert!(
        zh.contains("术语表") && zh.contains("<label for=\"glossary-filter\">筛选术语</label>")
    );
    assert!(!zh.contains("glossary-entry current"));
    let unknown = render_glossary(Lang::En, Some("nope"));
    assert!(unknown.contains("The glossary has no term “nope”."));
}

#[test]
fn a_lab_page_links_the_terms_its_instructions_use_to_the_glossary() {
    let html = render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("tps-identical-vms"),
    );
    let terms = block(&html, "lab-terms", "</details>");
    assert!(
        terms.contains(
            "<a href=\"#/glossary/tps\" data-testid=\"lab-term-tps\">透明页面共享（TPS）</a>"
        ),
        "{terms}"
    );
    assert!(terms.contains("href=\"#/glossary/memory-states\""));
    assert!(decoded(terms).contains("本实验中的术语"));
}

#[test]
fn the_catalog_offers_to_export_and_import_progress_in_both_languages() {
    let words = [
        (
            Lang::En,
            [
                "Your progress",
                "Your name (optional)",
                "Export progress",
                "Import progress",
            ],
        ),
        (
            Lang::ZhCn,
            ["你的进度", "你的姓名（可选）", "导出进度", "导入进度"],
        ),
    ];
    for (lang, words) in words {
        let mut s = state(lang, BTreeMap::new());
        s.prefs.student = "Ada".into();
        let html = render(s, None);
        let panel = block(&html, "progress-panel", "</section>");
        for w in words {
            assert!(decoded(panel).contains(w), "{w} in {panel}");
        }
        // Both fields are labelled; the name is the one stored.
        assert!(
            panel.contains("<label for=\"progress-student\">"),
            "{panel}"
        );
        assert!(panel.contains("<label for=\"progress-import\">"), "{panel}");
        assert!(panel.contains("type=\"file\""), "{panel}");
        assert!(panel.contains("value=\"Ada\""), "{panel}");
    }
}

#[component]
fn SandboxHarness(props: &Props) -> Html {
    let state = props.state.clone();
    let handle = use_reducer(move || state);
    html! {
        <ContextProvider<AppContext> context={handle}>
            <vlab::sandbox::sandbox_page::SandboxPage />
        </ContextProvider<AppContext>>
    }
}

fn render_sandbox(lang: Lang, draft: Option<&vlab::sandbox::draft::Draft>) -> String {
    let mut state = state(lang, BTreeMap::new());
    state.prefs.sandbox_draft = draft.map(|d| d.to_json());
    let props = Props { state, lab: None };
    futures::executor::block_on(
        yew::LocalServerRenderer::<SandboxHarness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The sandbox opens on its example: labelled fields with units and
/// ranges, the lab file, and the example already running below.
#[test]
fn the_sandbox_shows_its_example_with_labelled_fields_and_runs_it() {
    let html = render_sandbox(Lang::En, None);
    assert!(html.contains("data-testid=\"sandbox\""));
    assert!(html.contains(r#"<label for="sb-host-0-cpu_mhz">CPU capacity<span class="sb-unit"> [MHz]</span></label>"#), "{html}");
    assert!(html.contains(r#"aria-describedby="sb-host-0-cpu_mhz-hint""#));
    assert!(html.contains("1 – 7,680,000 MHz"));
    assert_eq!(html.matches("data-testid=\"sandbox-vm\"").count(), 3);
    assert!(html.contains("Every field is valid"));
    // The file, and the lab page running it.
    assert!(
        html.contains("[[scenario.vm]]") && html.contains("batch"),
        "{html}"
    );
    assert!(html.contains("data-testid=\"sandbox-live\""));
    assert!(
        html.contains("My cluster: CPU contention on esx1"),
        "the lab page shows its title"
    );
    assert!(!html.contains("data-testid=\"lab-missing\""));
}

/// A value out of range is marked and explained at its field, in the
/// reader's language, and nothing refused is run.
#[test]
fn a_sandbox_field_out_of_range_says_why_next_to_it_in_chinese() {
    let mut draft = vlab::sandbox::draft::Draft::example();
    draft.vms[0].vcpus = "999".into();
    let html = render_sandbox(Lang::ZhCn, Some(&draft));
    assert!(html.contains(r#"aria-invalid="true""#));
    assert!(
        html.contains(r#"aria-describedby="sb-vm-0-vcpus-hint sb-vm-0-vcpus-msg""#),
        "{html}"
    );
    assert!(html.contains(r#"id="sb-vm-0-vcpus-msg""#));
    assert!(
        html.contains("web 的虚拟 CPU为 999 个 vCPU，超出允许范围：1 – 768 个 vCPU"),
        "{html}"
    );
    assert!(html.contains("有 1 个字段需要修改"));
    assert!(
        html.contains("还没有可运行的内容"),
        "a refused draft is not run"
    );
}

/// A student's progress having committed `answers`' expected values.
fn committed_with(answers: &[vlab_sim::Answer]) -> LabProgress {
    LabProgress {
        answers: answers
            .iter()
            .map(|a| (a.id.clone(), a.expected.clone()))
            .collect(),
        committed: true,
        ..Default::default()
    }
}
