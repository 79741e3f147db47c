//! vlab: the web app (Yew, compiled to WebAssembly) and the native CLI.
//! The models live in `vlab-sim`; this crate renders and drives them.

pub mod catalog;
pub mod cli;
