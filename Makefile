# vlab: the three commands the README names.
#   make serve  - install tools if missing, then serve on http://127.0.0.1:8080
#   make test   - install tools and browsers if missing, then run every test layer
#   make dist   - release build into dist/ (relative URLs: deploy under any sub-path)
#   make package - dist/, then dist-single/vlab.html (one file, opens from file://)
#                 and dist-scorm/*.zip (SCORM 1.2), and a table of their sizes
#   make bench  - the whole benchmark (native, wasm, the slowed browser); rewrites
#                 BENCHMARKS.md's generated section (scripts/bench.sh)
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# npm's binaryen (wasm-opt 132) must come before any older system wasm-opt.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: help serve test dist package bench versions fetch

help:
	@echo "make serve | make test | make dist | make package | make bench | make versions"

# Trunk.toml sets offline = true, which makes cargo --offline: fetch crates first.
fetch:
	cargo fetch

serve:
	scripts/setup.sh build
	$(MAKE) --no-print-directory fetch
	trunk serve --address 127.0.0.1 --port 8080 --offline

test:
	scripts/setup.sh all
	scripts/test.sh

dist:
	scripts/setup.sh build
	$(MAKE) --no-print-directory fetch
	trunk build --release --offline --public-url ./
	node scripts/first-visit.mjs dist
	@echo "dist/ is ready: serve it from any path (it does not open from file://)."

package: dist
	node scripts/package.mjs

bench:
	scripts/setup.sh all
	scripts/setup.sh profile
	$(MAKE) --no-print-directory fetch
	scripts/bench.sh

versions:
	@grep -v '^#' tools/versions.env | sed '/^$$/d'
	@echo "wasm-bindgen (from Cargo.lock): $$(awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
	@for t in rustc cargo trunk wasm-bindgen wasm-opt twiggy node chromium chromedriver; do \
	  printf '%-14s ' "$$t"; ($$t --version 2>/dev/null || echo "not installed") | head -n1; done
