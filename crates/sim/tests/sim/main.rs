//! vlab-sim's integration tests, one binary (one link): published worked
//! examples as data cases, property tests of every engine's invariants,
//! lab-file errors, and scenarios run end to end. Case tables that are
//! (input, expected output) live in `tests/testdata/*.toml`, each file
//! documenting its fields; what several modules use is in [`fixtures`].

mod cluster_examples;
mod cluster_props;
mod count_examples;
mod cpu_sched_examples;
mod cpu_sched_props;
mod divvy_props;
mod drs_examples;
mod drs_props;
mod drs_scenarios;
mod fixtures;
mod ha_admission_examples;
mod ha_admission_props;
mod ha_props;
mod ha_timelines;
mod io_scenarios;
mod lab_errors;
mod memory_examples;
mod memory_props;
mod migration_checks;
mod migration_examples;
mod migration_props;
mod nioc_examples;
mod nioc_props;
mod platform_examples;
mod pool_examples;
mod pool_props;
mod pool_settings;
mod precopy_props;
mod published_examples;
mod question_examples;
mod run_slices;
mod sioc_examples;
mod sioc_props;
mod vapp_examples;
