//! A/B comparison rendered on the server: the comparison panel (goals
//! under A and B, the A | B | Δ table at the shown time) and a chart with
//! B's lines over A's, in both languages; and a lab page that is not
//! comparing shows the switch and nothing of B.

use std::collections::BTreeMap;
use std::rc::Rc;
use vlab::common::chart::Chart;
use vlab::common::shared_trace::{SharedSample, SharedTrace};
use vlab::lab::compare_table::CompareView;
use vlab::lab::lab_page::LabPage;
use vlab::resource::resource_series::{series, Resource};
use vlab::state::prefs::{LabProgress, Prefs};
use vlab::state::{AppContext, AppState};
use vlab::text::Lang;
use vlab_sim::{Outcome, Setting, Value};
use yew::prelude::*;

const LAB: &str = "vmotion-1g-vs-10g";

fn state(lang: Lang) -> AppState {
    let mut progress = BTreeMap::new();
    progress.insert(
        LAB.to_string(),
        LabProgress {
            explore: true,
            ..Default::default()
        },
    );
    AppState {
        prefs: Prefs {
            lang,
            progress,
            ..Prefs::default()
        },
        notice: None,
    }
}

/// The lab run with both hosts' vMotion network at `gbps`.
fn run(gbps: i64) -> Outcome {
    let lab = vlab::catalog::find(LAB).unwrap();
    let settings: Vec<Setting> = ["esx1", "esx2"]
        .iter()
        .map(|h| Setting {
            target: format!("host.{h}.vmotion_gbps"),
            value: Value::Int(gbps),
        })
        .collect();
    lab.run(lab.spec.seed, &settings).unwrap()
}

#[derive(Properties, PartialEq)]
struct Props {
    lang: Lang,
    /// Render the lab page instead of the comparison's parts.
    page: bool,
}

#[component]
fn Harness(props: &Props) -> Html {
    let st = state(props.lang);
    let handle = use_reducer(move || st);
    let body = if props.page {
        html! { <LabPage id={LAB} /> }
    } else {
        let (a, b) = (run(1), run(10));
        let a_trace = SharedTrace(a.trace.clone());
        let b_trace = SharedTrace(b.trace.clone());
        let last = a.trace.samples.len() - 1;
        html! {
            <>
                <CompareView lab={LAB} a={SharedSample::new(a_trace, last)} a_goals={a.goals.clone()}
                    b={Some(b_trace)} b_goals={Some(b.goals.clone())} b_running={None::<(u32, u32)>} b_error={None::<String>} />
                <Chart testid="chart-cpu" title="CPU" series={Rc::new(series(&a.trace, Resource::Cpu))}
                    compare={Some(Rc::new(series(&b.trace, Resource::Cpu)))} />
            </>
        }
    };
    html! { <ContextProvider<AppContext> context={handle}>{ body }</ContextProvider<AppContext>> }
}

fn render(lang: Lang, page: bool) -> String {
    futures::executor::block_on(
        yew::LocalServerRenderer::<Harness>::with_props(Props { lang, page })
            .hydratable(false)
            .render(),
    )
}

/// The text of each cell in the row with `testid` (tags stripped).
fn row_cells(html: &str, testid: &str) -> Vec<String> {
    let start = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no row {testid}"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let body = &cell[cell.find('>').unwrap() + 1..];
            let mut text = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

/// 1 GbE (A) against 10 GbE (B): the vMotion's time and downtime are in
/// the table under A and B with B − A, the goals under each side, and the
/// chart's table has an A and a B column per VM.
#[test]
fn the_comparison_shows_a_and_b_side_by_side_with_their_difference() {
    let (a, b) = (run(1), run(10));
    let (ma, mb) = (&a.trace.migrations[0], &b.trace.migrations[0]);
    let html = render(Lang::En, false);
    let total = row_cells(&html, "cmp-vm-erp-migration_total_s");
    let s = |ms: u64| format!("{:.1}", ms as f64 / 1000.0);
    assert_eq!(total[0], s(ma.total_ms), "{total:?}");
    assert_eq!(total[1], s(mb.total_ms), "{total:?}");
    assert!(total[2].starts_with('−'), "B is faster: {total:?}");
    let down = row_cells(&html, "cmp-vm-erp-migration_downtime_ms");
    assert_eq!(
        down,
        [
            ma.downtime_ms.to_string(),
            mb.downtime_ms.to_string(),
            format!("−{}", ma.downtime_ms - mb.downtime_ms)
        ]
    );
    assert!(html.contains("data-testid=\"cmp-vm-erp-migration_downtime_ms\" data-differs=\"true\""));
    let done = row_cells(&html, "cmp-cluster-vmotions_done");
    assert_eq!(done, ["1", "1", "same"]);
    // The "fast" goal fails under A and passes under B.
    assert!(html.contains("data-testid=\"cmp-goal-fast\" data-a=\"false\" data-b=\"true\""));
    assert!(html.contains("A and B at t = 780 s"));
    for column in [
        "<th scope=\"col\">erp (A)</th>",
        "<th scope=\"col\">erp (B)</th>",
    ] {
        assert!(html.contains(column), "{column}");
    }
    assert!(html.contains("class=\"swatch dashed\""));
}

#[test]
fn the_comparison_speaks_chinese() {
    let html = render(Lang::ZhCn, false);
    for words in [
        "A/B 对比",
        "热迁移总时间（s）",
        "虚拟机 erp",
        "相同",
        "A 与 B 下的目标",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(!html.contains("vMotion total time"));
}

/// Not comparing: the switch is there, off; no A/B switch, no panel, no
/// B lines.
#[test]
fn a_lab_page_not_comparing_offers_the_switch_and_nothing_of_b() {
    for (lang, words) in [(Lang::En, "Compare A/B"), (Lang::ZhCn, "A/B 对比")] {
        let html = render(lang, true);
        assert!(html.contains("data-testid=\"ab-compare\""));
        assert!(html.contains(words), "{words}");
        assert!(!html.contains("data-testid=\"ab-switch\""));
        assert!(!html.contains("data-testid=\"compare-panel\""));
        assert!(!html.contains("erp (B)"));
        assert!(html.contains("data-testid=\"chart-cpu\""));
    }
}
