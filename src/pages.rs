//! The catalog of labs, the glossary and the about page.

pub mod about_page;
pub mod catalog_page;
pub mod glossary_page;
pub mod progress_panel;
