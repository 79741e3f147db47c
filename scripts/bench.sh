#!/usr/bin/env bash
# The whole benchmark, one command (`make bench`): native engine benchmarks,
# the cluster maximum, DRS scaling, the same engine cases as WebAssembly in
# headless Chromium, and the release build's per-lab figures under a slowed
# profile (CPU 4x, 10 Mbit/s, 40 ms). Writes the generated section of
# BENCHMARKS.md (between its `bench:begin` / `bench:end` markers) with the
# date and machine. A missed target is a figure, not a failure; any error
# (a build, a panic, a page error, a missing figure) fails the command.
#
# Profiles: native engine cases `bench-fast` (release without LTO,
# opt-level 3); the wasm engine cases the same `bench-fast` profile (a
# fair ratio: same optimizations); the browser figures Trunk's `release`
# build (LTO, the core at opt-level 3 and the rest at z, wasm-opt: what
# ships), in target/bench-dist/.
# Raw outputs stay in target/bench/.
#
# Options (environment): BENCH_ROUNDS (3) native/wasm rounds;
# BENCH_SKIP_BROWSER=1 skips parts 5 and 6 (the sections then say so);
# BENCH_LABS="id id" limits part 5's labs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
OUT=target/bench
DIST=target/bench-dist
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT"/*.json "$OUT"/*.log
began=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - began ))" >&2; }

# Builds run one at a time: the machine is small and shared.
machine() {
  local cpu os chromium
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  os="$(. /etc/os-release && echo "$PRETTY_NAME")"
  chromium="$( (chromium --version 2>/dev/null || /usr/bin/chromium --version 2>/dev/null || echo unknown) | head -n1)"
  node -e 'console.log(JSON.stringify(Object.fromEntries(process.argv.slice(1).map(a => a.split("=")).map(([k, ...v]) => [k, v.join("=")]))))' \
    "date=$(date -u '+%Y-%m-%d %H:%M UTC')" "nproc=$(nproc)" "cpu=$cpu" "os=$os" \
    "mem=$(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)" \
    "rustc=$(rustc --version)" "chromium=$chromium" "node=$(node --version)" \
    "trunk=$(trunk --version 2>/dev/null | head -n1)" "twiggy=$(twiggy --version 2>/dev/null | head -n1)" \
    "commit=$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')" \
    "load=$(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/machine.json"
}
machine

step "build: native examples and the wasm benchmark (bench-fast)"
cargo build -p vlab-sim --profile bench-fast --example memory_bench --example drs_bench
cargo build -p vlab --profile bench-fast --example bench
# The `bench` feature is the wasm test target's only door (cargo test never builds it).
wasm_bench() {
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}" \
    cargo test -p vlab --target wasm32-unknown-unknown --profile bench-fast --features bench --test wasm_bench "$@"
}
wasm_bench --no-run

# Native and wasm take turns, ROUNDS times, so that both see the same
# machine (others may be building on it); the report keeps each case's
# best batch over the rounds.
ROUNDS="${BENCH_ROUNDS:-3}"
for round in $(seq 1 "$ROUNDS"); do
  step "1-3. native engine benchmarks, round $round of $ROUNDS"
  target/bench-fast/examples/memory_bench --json | tee -a "$OUT/native-memory.jsonl" >&2
  target/bench-fast/examples/drs_bench --json | tee -a "$OUT/native-drs.jsonl" >&2
  target/bench-fast/examples/bench --json | tee -a "$OUT/native-bench.jsonl" >&2
  step "4. the same engine cases as WebAssembly in headless Chromium, round $round of $ROUNDS"
  wasm_bench -- --nocapture 2>&1 | tee "$OUT/wasm-$round.log" >&2
  grep -q BENCH_DONE "$OUT/wasm-$round.log" || { echo "bench.sh: the wasm benchmark did not finish (see $OUT/wasm-$round.log)" >&2; exit 1; }
  grep -o 'BENCH {.*}' "$OUT/wasm-$round.log" >> "$OUT/wasm.jsonl"
done

if [[ "${BENCH_SKIP_BROWSER:-}" != 1 ]]; then
  step "5. release build into $DIST, then the slowed browser"
  trunk build --release --offline --public-url ./ --dist "$DIST"
  node scripts/first-visit.mjs "$DIST"
  step "6. where the .wasm's bytes go (twiggy)"
  node scripts/wasm-size.mjs "$DIST" > "$OUT/wasm-size.json"
  # shellcheck disable=SC2086
  node scripts/bench-browser.mjs "$DIST" ${BENCH_LABS:-} > "$OUT/browser.json"
fi

step "report"
node scripts/bench-report.mjs "$OUT" "$(( $(date +%s) - began ))"
echo "bench.sh: BENCHMARKS.md updated in $(( $(date +%s) - began )) s" >&2
