//! The catalog of labs and the about page.

pub mod about_page;
pub mod catalog_page;
