//! Lab files: the format ([`spec`]), parsing and validation with
//! file:line:field errors ([`parse`], [`error`]), and running a lab with
//! the student's settings ([`run`]).

pub mod constants;
pub mod drift;
pub mod error;
pub mod figures;
pub mod parse;
pub mod question;
pub mod run;
pub mod spec;
mod toml_path;
pub mod variant;
