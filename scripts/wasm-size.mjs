// Where the release .wasm's bytes go (issue 18), for `make bench`
// (scripts/bench.sh; bench-report.mjs writes it into BENCHMARKS.md):
//
//   node scripts/wasm-size.mjs DIST [BINDGEN_WASM] > target/bench/wasm-size.json
//
// The shipped .wasm (the one DIST/index.html boots) has no names: wasm-opt
// drops them. So this runs wasm-opt again, with the level and parameters of
// static/index.html's rust link plus -g (keep names), on Trunk's
// wasm-bindgen output (BINDGEN_WASM, by default
// target/wasm-bindgen/release/vlab-web_bg.wasm, which still has names), and
// checks that the result, names aside, is the shipped code to within 1 %.
// twiggy (`scripts/setup.sh profile`) then lists every function and data
// segment; each counts in the first group that fits (group() below):
//   data (strings, tables)  the data segments
//   vlab-sim: lab parsing   serde's derived Deserialize of vlab-sim's types, through toml
//   vlab: MODULE            the app's own code, and generic code (yew, core, alloc)
//                           instantiated for it: the last `vlab::` path in its name
//   vlab-sim: engine        the rest of vlab-sim
//   CRATE                   anything else, by the crate its name starts with
// Generic code is only attributed to its user when the symbols carry their
// type parameters: .cargo/config.toml builds wasm32 with v0 symbol mangling,
// which changes names only, not code. Sizes are raw bytes (twiggy's); gzip
// figures are per section and per locale, each compressed alone (zlib level
// 9, as bench-browser.mjs counts the first visit).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const bindgen = path.resolve(process.argv[3] ?? path.join(target, 'wasm-bindgen', 'release', 'vlab-web_bg.wasm'));
const named = path.join(target, 'bench', 'named.wasm');
const log = (...a) => console.error('[wasm-size]', ...a);
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

// The shipped .wasm, as index.html's <meta name="vlab-boot"> names it.
const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const wasmName = index.match(/<meta name="vlab-boot"[^>]*\sdata-wasm="\.?\/?([^"]+)"/)?.[1];
if (!wasmName) throw new Error(`${dist}/index.html has no <meta name="vlab-boot" data-wasm=...>`);
const shipped = fs.readFileSync(path.join(dist, wasmName));

// wasm-opt as Trunk ran it (static/index.html), plus -g.
const link = fs.readFileSync(path.join(root, 'static', 'index.html'), 'utf8').match(/<link data-trunk rel="rust"[^>]*>/)?.[0] ?? '';
const level = link.match(/data-wasm-opt="([^"]+)"/)?.[1] ?? 's';
const params = (link.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);
fs.mkdirSync(path.dirname(named), { recursive: true });
const optArgs = [`-O${level}`, ...params, '-g', bindgen, '-o', named];
log(`wasm-opt ${optArgs.join(' ')}`);
execFileSync('wasm-opt', optArgs, { stdio: ['ignore', 'inherit', 'inherit'] });

/** The sections of a wasm module: [{ id, name, body }]. */
function sections(buf) {
  const out = [];
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  const ids = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const start = p;
    let name = ids[id] ?? `section ${id}`;
    if (id === 0) {
      const len = leb();
      name = `custom "${buf.subarray(p, p + len).toString('latin1')}"`;
    }
    out.push({ id, name, body: buf.subarray(start, start + size) });
    p = start + size;
  }
  return out;
}
const shippedSections = sections(shipped);
const namedSections = sections(fs.readFileSync(named));
const code = (secs) => secs.find((s) => s.id === 10)?.body.length ?? 0;
const drift = Math.abs(code(namedSections) - code(shippedSections)) / code(shippedSections);
if (drift > 0.01) {
  throw new Error(
    `the named build's code (${code(namedSections)} bytes) is not the shipped code (${code(shippedSections)}): ` +
      `is ${bindgen} from the same build as ${dist}?`,
  );
}

// rust-i18n's tables: one packed string per locale, "COUNT;" then, per
// key, "KEYLEN,VALUELEN;" KEY VALUE (rust-i18n-macro's pack_translations).
// Found by their `_version` entry; named by the locale file holding most of
// their values.
const data = shippedSections.find((s) => s.id === 11)?.body ?? Buffer.alloc(0);
const locales = [];
{
  const text = data.toString('latin1');
  const files = fs
    .readdirSync(path.join(root, 'locales'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => [f.replace(/\.yml$/, ''), fs.readFileSync(path.join(root, 'locales', f), 'latin1')]);
  for (const m of text.matchAll(/(\d+);\d+,\d+;_version/g)) {
    let p = m.index + m[1].length + 1;
    const values = [];
    const num = (end) => {
      const q = text.indexOf(end, p);
      const n = Number(text.slice(p, q));
      p = q + 1;
      return n;
    };
    for (let i = 0; i < Number(m[1]); i++) {
      const k = num(',');
      const v = num(';');
      values.push(text.slice(p + k, p + k + v));
      p += k + v;
    }
    const probe = values.filter((v) => v.length >= 12 && !/[%\\"']/.test(v)).slice(0, 60);
    const [locale] = files.map(([name, yml]) => [name, probe.filter((v) => yml.includes(v)).length]).sort((a, b) => b[1] - a[1])[0] ?? ['?'];
    const bytes = data.subarray(m.index, p);
    locales.push({ locale, keys: values.length, raw: bytes.length, gzip: gz(bytes) });
  }
}

// twiggy's items, grouped.
const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', named], { maxBuffer: 1 << 30 }));
const clean = (n) => n.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
function group(name) {
  if (/^data segment/.test(name)) return 'data (strings, tables)';
  if (/\bvlab_sim::/.test(name) && /Deserializ|serde_core::de::|\btoml(_parser|_datetime)?::/.test(name)) return 'vlab-sim: lab parsing (serde derive, toml)';
  const app = [...name.matchAll(/\bvlab::(\w+)/g)].at(-1);
  // rust-i18n's generated lookup sits at the crate's root (`vlab::_rust_i18n_…`).
  if (app) return `vlab: ${app[1].startsWith('_') ? 'text' : app[1]}`;
  if (/\bvlab_sim::/.test(name)) return 'vlab-sim: engine';
  if (/^<(?:[iuf](?:8|16|32|64|128|size)|str|char|bool|\[)/.test(name)) return 'core';
  const m = name.replace(/^core::ptr::drop_in_place::?<(.*)>$/, '$1').replace(/^[<&(\s]+(?:dyn |mut )?/, '').match(/^([A-Za-z_]\w*)::/);
  return m ? m[1].replace(/_/g, '-') : 'other (glue, tables, unnamed)';
}
const groups = new Map();
const top = [];
let total = 0;
for (const it of items) {
  if (!('shallow_size' in it) || /^Σ|^\.\.\. and \d+ more/.test(it.name)) continue;
  if (/subsection$|^custom section 'name'/.test(it.name)) continue; // names: not shipped
  const name = clean(it.name);
  const g = group(name);
  const e = groups.get(g) ?? { group: g, bytes: 0, items: 0 };
  e.bytes += it.shallow_size;
  e.items += 1;
  groups.set(g, e);
  total += it.shallow_size;
  if (!/^data segment/.test(name)) top.push({ name, group: g, bytes: it.shallow_size });
}
top.sort((a, b) => b.bytes - a.bytes);

const sectionRows = shippedSections.map((s) => ({ section: s.name, raw: s.body.length, gzip: gz(s.body) }));
const result = {
  file: wasmName,
  raw: shipped.length,
  gzip: gz(shipped),
  named: { file: path.relative(root, named), wasmOpt: optArgs.slice(0, -4).join(' '), codeDrift: drift },
  sections: sectionRows,
  locales,
  itemsTotal: total,
  groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes),
  top: top.slice(0, 40),
};
console.log(JSON.stringify(result, null, 1));
log(`${wasmName}: ${shipped.length} bytes, ${result.gzip} gzip -9; code ${code(shippedSections)}, data ${data.length}`);
for (const g of result.groups.slice(0, 15)) log(`${String(g.bytes).padStart(9)} ${g.group}`);
