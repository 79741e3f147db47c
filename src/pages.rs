//! The catalog of labs, the glossary, the about page, and opening a lab
//! file (the open page, the labs kept from files).

pub mod about_page;
pub mod catalog_page;
pub mod glossary_page;
pub mod handover;
pub mod my_labs;
pub mod open_excerpt;
pub mod open_page;
pub mod progress_panel;
