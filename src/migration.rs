//! Views of live migration: a card per migration with its pre-checks,
//! rounds, data sent and phase timeline; the view model and the texts.

pub mod migration_card;
pub mod migration_charts;
pub mod migration_checks;
pub mod migration_draw;
pub mod migration_model;
pub mod migration_text;
