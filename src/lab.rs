//! The lab page and what it shares with every engine's view: the
//! student's settings and shared links ([`lab_settings`]), every event and
//! goal in words ([`event_text`], [`goal_text`]), controls, goals, hints,
//! the cluster picture, the timeline and the event log.

pub mod chart_series;
pub mod compare;
pub mod compare_bar;
pub mod compare_rows;
pub mod compare_table;
pub mod controls;
pub mod event_log;
pub mod event_text;
pub mod glossary;
pub mod goal_text;
pub mod goals;
pub mod hints;
pub mod host_view;
pub mod lab_figures;
pub mod lab_file;
pub mod lab_page;
pub mod lab_settings;
pub mod lab_terms;
pub mod questions;
pub mod share_box;
pub mod shortcuts;
pub mod sliced_run;
pub mod timeline;
pub mod user_lab_note;
pub mod variant_bar;
pub mod warm;
