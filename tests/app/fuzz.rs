//! Fuzzing on stable Rust: generated and mutated inputs for the lab
//! parser and validator, the shared-link decoder and the progress
//! importer. The property is the same for all three: no panic, only `Ok`
//! or described errors; a lab that parses also runs its solution at its
//! seed without panicking.
//!
//! The seed corpus is kept in the repository: `labs/*.toml` for the
//! parser, `tests/fuzz-corpus/{labs,links,progress}/` for the rest and
//! for every input that ever found a failure. Mutations are deterministic
//! from a SplitMix64 seed: byte flips, deleted, duplicated and swapped
//! lines, numbers replaced by huge, negative, zero or non-numbers,
//! truncation, inserted keys and unicode.
//!
//! `cargo test` tries a few hundred inputs. A longer run (see
//! RELIABILITY.md):
//!
//!     VLAB_FUZZ_CASES=20000 cargo test -p vlab --test app fuzz -- --nocapture
//!
//! (`VLAB_FUZZ_SEED=N` picks another stream of mutations). Each target
//! prints the inputs tried and the failures found, and writes every
//! failing input to `target/fuzz-failures/` to be added to the corpus.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vlab::catalog;
use vlab::lab::lab_settings::{self, parse_shared, parse_shared_seed, share_problem_text};
use vlab::state::prefs::LabProgress;
use vlab::state::progress_file::{self, problem_text};
use vlab::state::route::Route;
use vlab::text::Lang;
use vlab_sim::{parse_document, Document, Lab, Value};

/// Inputs per target in a plain `cargo test`.
const SHORT_CASES: u64 = 150;
/// Runs longer than this are not simulated (parsed and validated only) [s].
const MAX_RUN_S: u32 = 3600;
const MAX_HOSTS: usize = 16;
const MAX_VMS: usize = 64;

/// SplitMix64: the whole fuzz stream follows from one seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "9223372036854775807",
    "1e308",
    "-0.5",
    "nan",
    "inf",
    "\"12\"",
    "true",
    "[]",
    "{}",
    "",
];

const INSERTS: &[&str] = &[
    "zzz = 1",
    "count = 1000",
    "count = 0",
    "duration_s = 4294967295",
    "step_s = 0",
    "seed = 0",
    "id = \"x\"",
    "name = \"é🦀\u{202e}\"",
    "[[vm]]",
    "[[host]]",
    "[[goal]]",
    "[[control]]",
    "[[question]]",
    "[[fault]]",
    "[drs]",
    "[ha]",
    "[scenario]",
    "\"format\": \"vlab-progress\",",
    "\"seed\": 18446744073709551615,",
    "\"settings\": {\"\": null},",
    "\"version\": 1,",
    "&seed=0",
    "&=",
    "&seed=99999999999999999999",
    "?",
    "\u{0}",
    "\u{feff}",
    "日本語",
    "\\u0000",
    "\"",
    "'''",
];

/// Applies one to four random mutations to `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..=rng.below(4) {
        s = mutate_once(&s, rng);
    }
    s
}

fn mutate_once(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let line = rng.below(lines.len().max(1));
    match rng.below(9) {
        // Flip a byte.
        0 if !text.is_empty() => {
            let mut bytes = text.as_bytes().to_vec();
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        1 if !lines.is_empty() => {
            lines.remove(line);
        }
        2 if !lines.is_empty() => {
            let l = lines[line].clone();
            lines.insert(line, l);
        }
        3 if !lines.is_empty() => {
            let other = rng.below(lines.len());
            lines.swap(line, other);
        }
        // Replace a number.
        4 | 5 => {
            let spans = number_spans(text);
            if !spans.is_empty() {
                let (a, b) = *rng.pick(&spans);
                return format!("{}{}{}", &text[..a], rng.pick(NUMBERS), &text[b..]);
            }
        }
        // Truncate.
        6 => {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return text[..at].to_string();
        }
        // Insert a line.
        7 => {
            let at = rng.below(lines.len() + 1);
            lines.insert(at, rng.pick(INSERTS).to_string());
        }
        // Insert text at a character boundary.
        _ => {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return format!("{}{}{}", &text[..at], rng.pick(INSERTS), &text[at..]);
        }
    }
    lines.join("\n")
}

/// Byte ranges of the runs of ASCII digits in `text`.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, b) in text.bytes().enumerate().chain([(text.len(), b' ')]) {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// An input and the name it is reported by.
type Named = (String, String);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `dir` ending in `ext`, sorted by name.
fn files(dir: &Path, ext: &str) -> Vec<Named> {
    let mut out: Vec<Named> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a corpus file");
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    out
}

fn cases() -> u64 {
    std::env::var("VLAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SHORT_CASES)
}

fn base_seed() -> u64 {
    std::env::var("VLAB_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED)
}

/// The outcome of one input: what became of it (`rejected`, `ran`, ...),
/// or `Err` with what went wrong.
type Check = Result<&'static str, String>;

/// Runs `check` over the unmutated corpus, then `cases()` mutated inputs,
/// and fails listing every input that panicked or broke the property.
fn fuzz(target: &str, corpus: &[Named], check: impl Fn(&str) -> Check) {
    assert!(!corpus.is_empty(), "{target}: empty corpus");
    let started = Instant::now();
    let mut rng = Rng(base_seed() ^ fnv(target));
    let mut failures = Vec::new();
    let mut tried = 0u64;
    let mut outcomes = BTreeMap::<&str, u64>::new();
    let inputs = corpus
        .iter()
        .map(|(name, text)| (name.clone(), text.clone()))
        .chain((0..cases()).map(|i| {
            let (name, text) = rng.pick(corpus);
            (format!("{name}~{i}"), mutate(text, &mut rng))
        }));
    for (name, input) in inputs {
        tried += 1;
        let result = catch_unwind(AssertUnwindSafe(|| check(&input)))
            .unwrap_or_else(|p| Err(format!("panic: {}", panic_text(&*p))));
        match result {
            Ok(outcome) => *outcomes.entry(outcome).or_default() += 1,
            Err(why) => {
                save_failure(target, failures.len(), &input);
                failures.push(format!("{name}: {why}"));
            }
        }
    }
    println!(
        "fuzz {target}: {tried} inputs tried ({} corpus), {} failures, {:.1} s; {outcomes:?}",
        corpus.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "fuzz {target}: {} failures (inputs in target/fuzz-failures/):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

fn save_failure(target: &str, n: usize, input: &str) {
    let dir = root().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{target}-{n}.txt")), input);
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Small enough to simulate in a debug build within the test's budget.
fn small(lab: &Lab, max_run_s: u32) -> bool {
    let s = &lab.spec.scenario;
    s.duration_s <= max_run_s && s.host.len() <= MAX_HOSTS && s.vm.len() <= MAX_VMS
}

/// Parser and validator: a lab file parses or every error names a field
/// and says what is wrong; a lab that parses runs its solution.
fn check_lab(text: &str) -> Check {
    match parse_document("fuzz.toml", text) {
        Err(errors) => {
            if errors.is_empty() {
                return Err("Err with no errors".into());
            }
            match errors
                .iter()
                .find(|e| e.field.is_empty() || e.message.is_empty())
            {
                Some(e) => Err(format!("error without field or message: {e:?}")),
                None => Ok("rejected"),
            }
        }
        Ok(Document::Scenario(_)) => Ok("scenario"),
        Ok(Document::Lab(lab)) if !small(&lab, MAX_RUN_S) => Ok("lab, too long to run"),
        // Ok or a setting error, never a panic.
        Ok(Document::Lab(lab)) => match lab.run(lab.spec.seed, &lab.solution()) {
            Err(_) => Ok("lab, solution refused"),
            Ok(_) => {
                if !lab.spec.question.is_empty() {
                    let _ = lab.answers(lab.spec.seed);
                }
                Ok("lab, ran")
            }
        },
    }
}

/// The lab `progress` names, run as the page would: the values the
/// decoders accepted must run.
fn run_progress(lab: &Lab, progress: &LabProgress) -> Check {
    if !small(lab, 900) {
        return Ok("accepted, too long to run");
    }
    let settings = lab_settings::settings(lab, Some(progress));
    let seed = lab_settings::seed(lab, Some(progress));
    // A value the decoders accept can still be refused by the run (a
    // combination vSphere rejects): an error the page shows, not a panic.
    match lab.run(seed, &settings) {
        Ok(_) => Ok("accepted, ran"),
        Err(_) => Ok("accepted, run refused"),
    }
}

/// Shared-link decoder: `#/lab/ID?pairs` as the page reads it.
fn check_link(hash: &str) -> Check {
    let Route::Lab { id, shared } = Route::from_hash(hash) else {
        return Ok("not a lab route");
    };
    let Some(lab) = catalog::find(&id) else {
        return Ok("unknown lab");
    };
    let seed = match parse_shared_seed(lab, &shared) {
        Ok(seed) => seed,
        Err(p) => {
            nonempty(&share_problem_text(Lang::En, &p))?;
            return Ok("seed rejected");
        }
    };
    match parse_shared(lab, &shared) {
        Err(problems) => {
            if problems.is_empty() {
                return Err("Err with no problems".into());
            }
            for p in &problems {
                nonempty(&share_problem_text(Lang::En, p))?;
                nonempty(&share_problem_text(Lang::ZhCn, p))?;
            }
            Ok("values rejected")
        }
        Ok(values) => {
            if let Some((id, _)) = values
                .iter()
                .find(|(id, _)| !lab.spec.control.iter().any(|c| &c.id == id))
            {
                return Err(format!("accepted unknown control {id}"));
            }
            let progress = LabProgress {
                settings: values.into_iter().collect::<BTreeMap<String, Value>>(),
                seed,
                ..LabProgress::default()
            };
            run_progress(lab, &progress)
        }
    }
}

/// Progress importer: a file is imported or every problem is described;
/// what is imported runs.
fn check_progress(text: &str) -> Check {
    match progress_file::read(text, &catalog::find) {
        Err(problems) => {
            if problems.is_empty() {
                return Err("Err with no problems".into());
            }
            for p in &problems {
                nonempty(&problem_text(Lang::En, p))?;
                nonempty(&problem_text(Lang::ZhCn, p))?;
            }
            Ok("rejected")
        }
        Ok(imported) => {
            for (id, progress) in &imported.labs {
                let lab = catalog::find(id).ok_or(format!("imported unknown lab {id}"))?;
                run_progress(lab, progress)?;
            }
            Ok("imported")
        }
    }
}

fn nonempty(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err("empty problem text".into())
    } else {
        Ok(())
    }
}

/// Valid inputs made from the built-in labs: each lab's solution as a
/// shared link and as an exported progress file.
fn generated() -> (Vec<Named>, Vec<Named>) {
    let mut links = Vec::new();
    let mut progress = BTreeMap::new();
    for lab in catalog::labs() {
        let mut p = LabProgress::default();
        p.settings.extend(lab_settings::solution_values(lab));
        let route = Route::Lab {
            id: lab.spec.id.clone(),
            shared: lab_settings::share_pairs(lab, Some(&p)),
        };
        links.push((format!("{}.link", lab.spec.id), route.href()));
        progress.insert(lab.spec.id.clone(), p);
    }
    let all = progress_file::export(Some("Ada"), &progress);
    (links, vec![("all-labs.json".into(), all)])
}

#[test]
fn fuzz_lab_parser() {
    let mut corpus = files(&root().join("labs"), "toml");
    corpus.extend(files(&root().join("tests/fuzz-corpus/labs"), "toml"));
    fuzz("lab", &corpus, check_lab);
}

#[test]
fn fuzz_shared_link() {
    let mut corpus = files(&root().join("tests/fuzz-corpus/links"), "txt");
    corpus.extend(generated().0);
    fuzz("link", &corpus, check_link);
}

#[test]
fn fuzz_progress_import() {
    let mut corpus = files(&root().join("tests/fuzz-corpus/progress"), "json");
    corpus.extend(generated().1);
    fuzz("progress", &corpus, check_progress);
}

/// Inputs that once failed (overflow, then allocations of tens of GB, on
/// absurd host and VM sizes; see RELIABILITY.md), replayed in every
/// `cargo test`: each must now be rejected with a message, or run.
#[test]
fn fuzz_known_failures() {
    let corpus = files(&root().join("tests/fuzz-corpus/failures"), "toml");
    let failing: Vec<String> = corpus
        .iter()
        .filter_map(|(name, text)| {
            let r = catch_unwind(AssertUnwindSafe(|| check_lab(text)));
            let why = match r {
                Ok(Ok(_)) => return None,
                Ok(Err(why)) => why,
                Err(p) => format!("panic: {}", panic_text(&*p)),
            };
            Some(format!("{name}: {why}"))
        })
        .collect();
    assert!(failing.is_empty(), "still failing:\n{}", failing.join("\n"));
}

/// The mutator itself: deterministic, and it changes its input.
#[test]
fn fuzz_mutations_are_deterministic() {
    let text = "a = 1\nb = [2, 3]\nc = \"x\"\n";
    let run = |seed| {
        let mut rng = Rng(seed);
        (0..50).map(|_| mutate(text, &mut rng)).collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert!(run(7).iter().any(|m| m != text));
    assert_eq!(number_spans("x1 23y"), vec![(1, 2), (3, 5)]);
}
