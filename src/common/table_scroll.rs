//! A wide table's frame: it scrolls inside its panel (the page never
//! does), as a labelled region a keyboard user can focus and scroll.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TableScrollProps {
    /// The region's name: the table's caption or heading, translated.
    pub label: AttrValue,
    /// Extra classes beside `table-scroll`.
    #[prop_or_default]
    pub class: Classes,
    pub children: Html,
}

#[component]
pub fn TableScroll(props: &TableScrollProps) -> Html {
    html! {
        <div class={classes!("table-scroll", props.class.clone())} role="region" tabindex="0" aria-label={props.label.clone()}>
            { props.children.clone() }
        </div>
    }
}
