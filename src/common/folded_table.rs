//! A chart's data table, folded under a "Data table" summary: the chart's
//! text alternative. Its rows are built, and join the page, only while it
//! is open: the caller hands over a function that builds the `<table>`,
//! not the table. A simulated day has hundreds of samples per chart;
//! building them all into closed tables made every change to a day-long
//! lab, and every frame the timeline played, rebuild some ten thousand
//! hidden rows. Rendered on the server (the CLI's and the tests' renders),
//! where nothing can open it, it starts open.

use crate::common::table_scroll::TableScroll;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FoldedTableProps {
    pub testid: AttrValue,
    /// The `<details>`'s id, for a chart elsewhere naming it as its data
    /// (`aria-details`).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// The summary's text ("Data table", or "Data table · esx1").
    pub summary: AttrValue,
    /// The scroll region's name.
    pub label: AttrValue,
    /// Builds the `<table>`; called only while the table is open.
    pub table: Callback<(), Html>,
}

#[component]
pub fn FoldedTable(props: &FoldedTableProps) -> Html {
    let open = use_state(|| cfg!(not(target_arch = "wasm32")));
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    html! {
        <details class="data-table-details" id={props.id.clone()} data-testid={props.testid.clone()} open={*open} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if *open {
                <TableScroll label={props.label.clone()}>{ props.table.emit(()) }</TableScroll>
            }
        </details>
    }
}
