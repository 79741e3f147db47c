//! The sandbox (`#/sandbox`): an instructor builds a cluster in forms
//! (hosts, pools, VMs, DRS and its rules, HA, faults, migrations,
//! maintenance), every field checked with its unit and range in the
//! reader's language; the draft is written as a lab file, checked by the
//! same parser as `vlab check`, run live on the lab page, and saved.
//!
//! - [`draft`]: what the forms edit, plain data.
//! - [`fields`]: each field's label, unit, range and problems.
//! - [`to_toml`]: the draft as a lab file, format v1.
//! - [`lab_check`]: that file through the core's parser.
//! - [`form_field`], [`item_list`]: an input with its label, hint and
//!   message; a list's Add and Remove buttons.
//! - The form's sections: [`lab_form`], [`host_form`], [`pool_form`],
//!   [`vm_form`], [`drs_form`], [`ha_form`], [`events_form`].
//! - [`sandbox_page`]: the page (saving through `common::download`).

pub mod draft;
pub mod drs_form;
pub mod events_form;
pub mod fields;
pub mod form_field;
pub mod ha_form;
pub mod host_form;
pub mod item_list;
pub mod lab_check;
pub mod lab_form;
pub mod pool_form;
pub mod sandbox_page;
pub mod to_toml;
pub mod vm_form;
