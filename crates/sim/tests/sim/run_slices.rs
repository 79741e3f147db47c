//! A run taken a few steps at a time (as the page does, to keep input
//! responsive) gives exactly the trace and goals of a run in one go.

use proptest::prelude::*;
use vlab_sim::parse_lab;

/// Labs of every engine: memory, HA, migration, DRS, pools.
const LABS: [(&str, &str); 5] = [
    (
        "balloon-vs-swap",
        include_str!("../../../../labs/balloon-vs-swap.toml"),
    ),
    (
        "ha-restart-priority",
        include_str!("../../../../labs/ha-restart-priority.toml"),
    ),
    (
        "vmotion-dirty-rate",
        include_str!("../../../../labs/vmotion-dirty-rate.toml"),
    ),
    (
        "drs-maintenance",
        include_str!("../../../../labs/drs-maintenance.toml"),
    ),
    (
        "pools-isolate-departments",
        include_str!("../../../../labs/pools-isolate-departments.toml"),
    ),
];

proptest! {
    #![proptest_config(crate::fixtures::proptest_config(12))]

    /// Slices of any size, in labs of every engine: the same outcome.
    #[test]
    fn slicing_a_run_changes_nothing(
        (name, text) in prop::sample::select(LABS.to_vec()),
        slice in 1usize..7,
        solved in any::<bool>(),
    ) {
        let lab = parse_lab(name, text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let settings = if solved { lab.solution() } else { Vec::new() };
        let whole = lab.run(lab.spec.seed, &settings).unwrap();
        let mut run = lab.start(lab.spec.seed, &settings).unwrap();
        let mut slices = 0;
        let mut last = run.progress_s().0;
        while !run.advance(slice) {
            let now = run.progress_s().0;
            prop_assert!(now > last, "{name}: a slice must move time on");
            last = now;
            slices += 1;
        }
        prop_assert_eq!(run.progress_s().0, run.progress_s().1);
        prop_assert!(slices > 0 || whole.trace.samples.len() <= slice + 1);
        prop_assert_eq!(run.finish(&lab), whole);
    }
}
