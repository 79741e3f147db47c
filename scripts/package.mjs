// Packages the release build (dist/) for the forms a course hands out:
//   dist-single/vlab.html  one file, opened by a double click (file://), no server
//   dist-scorm/*.zip       SCORM 1.2 packages (scripts/package-scorm.mjs, if present)
// and prints the size of every form in one table (Markdown, for BENCHMARKS.md).
//
// Usage: node scripts/package.mjs [DIST]   (`make package` builds dist/ first)
//
// The single file inlines everything dist/ has: the stylesheet in a <style>,
// static/first-paint.js in a classic <script> (it runs before the first
// paint), the favicon as a data: URL, the wasm-bindgen glue in an inline module
// script, and the .wasm gzipped and base64-encoded in a data block (a
// <script type="application/octet-stream">, which the browser never runs).
// The module script decodes the bytes, inflates them with the browser's
// DecompressionStream and hands them to the glue's init, which compiles them
// with no fetch: browsers refuse to fetch or import file:// URLs, but an
// inline module and bytes already in the page work. Its Content-Security-
// Policy allows exactly these inline script and style elements, by their
// sha256 hashes, and nothing from anywhere else.
//
// Nothing here needs an npm package: Node's zlib and crypto do the work.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { labBlocks } from './lab-blocks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SINGLE = 'dist-single';
const SCORM = 'dist-scorm';

/** `re` must match `text` exactly once; returns the match. Keeps this script
 *  honest when Trunk or wasm-bindgen change what they write. */
function one(text, re, what) {
  const all = [...text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))];
  if (all.length !== 1) throw new Error(`expected exactly one ${what} in dist/index.html, found ${all.length}`);
  return all[0];
}

/** A local file name from an href Trunk wrote ("./name"), refusing anything else. */
function localFile(href, what) {
  const name = href.replace(/^\.\//, '');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`${what}: not a file in dist/: ${href}`);
  return name;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Text that must not end its inline element early, or change how it is parsed. */
function checkInline(text, tag, what) {
  if (new RegExp(`</${tag}|<!--|<script`, 'i').test(text)) throw new Error(`${what} contains </${tag}, <!-- or <script`);
  // The HTML parser turns CR LF into LF before the browser hashes an element.
  if (text.includes('\r')) throw new Error(`${what} contains a carriage return`);
}

/** The start-up code after the glue: `init` is the glue's default export. */
const startup = (init) => `
// vlab single file start-up (scripts/package.mjs): the .wasm is in the page,
// gzipped and base64-encoded in the data block #vlab-wasm; nothing is fetched.
const vlabFail = (err) => {
  const p = document.createElement('p');
  p.className = 'noscript';
  p.textContent = 'vlab could not start in this browser: ' + err + ' · vlab 无法在此浏览器中启动：' + err;
  document.body.prepend(p);
  throw err;
};
try {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('it lacks DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or later have it)');
  }
  const text = document.getElementById('vlab-wasm').textContent.trim();
  const gz = typeof Uint8Array.fromBase64 === 'function'
    ? Uint8Array.fromBase64(text)
    : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = await new Response(stream).arrayBuffer();
  const wasm = await ${init}({ module_or_path: bytes });
  mountApp();
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (err) {
  vlabFail(err);
}
`;

/** Builds the single file from dist/. Returns { html, csp, parts }. */
export async function buildSingle(dist) {
  const index = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
  const read = (name) => fs.readFile(path.join(dist, name));

  // What Trunk wrote (static/index.html, Trunk.toml's pattern_script).
  const boot = one(index, /<meta name="vlab-boot" data-js="([^"]+)" data-wasm="([^"]+)"\s*\/?>/, '<meta name="vlab-boot">');
  const glueName = localFile(boot[1], 'the wasm-bindgen glue');
  const wasmName = localFile(boot[2], 'the .wasm');
  const cssLink = one(index, /<link rel="stylesheet" href="([^"]+)"[^>]*>/, 'stylesheet link');
  const iconLink = one(index, /<link rel="icon" href="([^"]+)"[^>]*>/, 'icon link');
  const bootScript = one(index, /<script src="[^"]*boot[^"]*"[^>]*><\/script>/, 'boot script');
  const cspMeta = one(index, /<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*\/?>/, 'CSP meta');
  // static/first-paint.js: a classic script that must run before the first
  // paint (the prerendered catalog's language and theme), inlined in place.
  const firstPaint = one(index, /<script src="([^"]*first-paint[^"]*)"[^>]*><\/script>/, 'first-paint script');

  // The glue: an ES module with no imports; its exports go (nothing imports an inline module).
  let glue = (await read(glueName)).toString('utf8');
  if (/^\s*import\s/m.test(glue)) throw new Error(`${glueName} imports other modules: they cannot be inlined`);
  const exp = [...glue.matchAll(/^export \{([^}]*)\};?[ \t]*$/gm)];
  if (exp.length !== 1) throw new Error(`${glueName}: expected one "export { ... }" line, found ${exp.length}`);
  const init = exp[0][1]
    .split(',')
    .map((s) => s.trim().split(/\s+as\s+/))
    .find(([, alias]) => alias === 'default')?.[0];
  if (!init) throw new Error(`${glueName}: no default export (the init function)`);
  glue = glue.replace(exp[0][0], '');
  // Instantiating starts nothing (src/main.rs): the start-up mounts the app.
  if (!/^export function mountApp\(/m.test(glue)) throw new Error(`${glueName}: no mountApp function (src/main.rs)`);
  // The panic panel's button handlers, the same as dist/'s (static/boot.js).
  const bootJs = (await fs.readFile(path.join(root, 'static', 'boot.js'))).toString('utf8');
  const panicButtons = one(bootJs, /\/\/ panic-buttons:start[\s\S]*?\/\/ panic-buttons:end\n/, 'the panic-buttons block of static/boot.js')[0];
  const moduleText = `\n${glue}\n${panicButtons}${startup(init)}`;
  checkInline(moduleText, 'script', glueName);

  const css = (await read(localFile(cssLink[1], 'the stylesheet'))).toString('utf8');
  checkInline(css, 'style', 'the stylesheet');
  const styleText = `\n${css}\n`;
  const firstPaintText = `\n${(await read(localFile(firstPaint[1], 'the first-paint script'))).toString('utf8')}\n`;
  checkInline(firstPaintText, 'script', 'the first-paint script');
  const icon = await read(localFile(iconLink[1], 'the favicon'));
  const iconType = iconLink[1].endsWith('.svg') ? 'image/svg+xml' : 'image/png';

  const wasm = await read(wasmName);
  if (wasm.subarray(0, 4).toString('latin1') !== '\0asm') {
    throw new Error(`dist/${wasmName} does not start as WebAssembly does: was a build still writing it? Build again.`);
  }
  const wasmGz = zlib.gzipSync(wasm, { level: 9 });
  const wasmB64 = wasmGz.toString('base64').replace(/.{1,120}/g, '$&\n');

  const csp = [
    "default-src 'none'",
    `script-src ${sha256(moduleText)} ${sha256(firstPaintText)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(styleText)}`,
    // The app sets widths and colours in style attributes (bars, swatches, charts' heights).
    "style-src-attr 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  // The page without what is inlined or dropped (the boot meta and script,
  // preloads, the build's comments, lines left empty), then the inline parts,
  // whose text must stay exactly what was hashed.
  const STYLE = '\u0000style\u0000';
  const FIRST_PAINT = '\u0000first-paint\u0000';
  let html = index;
  const swap = (from, to) => {
    html = html.replace(from, () => to);
  };
  swap(cspMeta[0], `<meta http-equiv="Content-Security-Policy" content="${csp}" />`);
  swap(boot[0], '');
  // The single file carries the whole app only (static/boot.js starts it
  // where no <meta name="vlab-catalog"> names the catalog build).
  html = html.replace(/<meta name="vlab-catalog"[^>]*>\n?/, '');
  swap(bootScript[0], '');
  swap(cssLink[0], STYLE);
  swap(firstPaint[0], FIRST_PAINT);
  swap(iconLink[0], `<link rel="icon" href="data:${iconType};base64,${icon.toString('base64')}" />`);
  html = html
    .replace(/<link rel="(?:module)?preload"[^>]*>/g, '')
    .replace(/[ \t]*<!--[\s\S]*?-->\n?/g, '')
    .replace(/\n[ \t]*(?=\n)/g, '');
  swap(STYLE, `<style>${styleText}</style>`);
  swap(FIRST_PAINT, `<script>${firstPaintText}</script>`);
  // The labs' files in <head>: the app renders into <body>, replacing
  // what is there, and reads a lab's block when the lab is opened.
  const head = one(html, /<\/head>/, '</head>');
  html = `${html.slice(0, head.index)}${await labBlocks(dist)}\n${html.slice(head.index)}`;
  const body = one(html, /<\/body>/, '</body>');
  html =
    html.slice(0, body.index) +
    `<script type="application/octet-stream" id="vlab-wasm">\n${wasmB64}</script>\n` +
    `<script type="module">${moduleText}</script>\n` +
    html.slice(body.index);
  if (/(?:src|href)="\.\//.test(html)) throw new Error('the single file still refers to a file of dist/');
  // What a browser will hash: each inline element's text as it stands in the page.
  for (const [re, what] of [
    [/<style>([\s\S]*?)<\/style>/g, 'style'],
    [/<script type="module">([\s\S]*?)<\/script>/g, 'module script'],
    [/<script>([\s\S]*?)<\/script>/g, 'first-paint script'],
  ]) {
    const found = [...html.matchAll(re)];
    if (found.length !== 1 || !csp.includes(sha256(found[0][1]))) throw new Error(`the single file's ${what} does not match its CSP hash`);
  }

  return { html, csp, parts: { glue: glueName, wasm: wasmName, wasmBytes: wasm.length, wasmGzBytes: wasmGz.length } };
}

/** Every file under `dir` (dotfiles left out), as paths relative to it. */
async function listFiles(dir, rel = '') {
  const out = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(dir, p)));
    else out.push(p);
  }
  return out.sort();
}

const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => (n === undefined ? '—' : `${(n / 1024).toFixed(0)} KB`);

/** The size table, as Markdown rows: [form, raw bytes, gzip -9 bytes or undefined]. */
export async function sizes(dist) {
  const rows = [];
  const files = await listFiles(dist);
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = await fs.readFile(path.join(dist, f));
    raw += buf.length;
    gz += gzipSize(buf);
  }
  const rel = path.relative(root, dist) || '.';
  rows.push([`${rel}/ (${files.length} files; gzip: each file)`, raw, gz]);
  for (const f of files.filter((n) => n.endsWith('.wasm'))) {
    const buf = await fs.readFile(path.join(dist, f));
    rows.push([`${rel}/${f}`, buf.length, gzipSize(buf)]);
  }
  const single = path.join(root, SINGLE, 'vlab.html');
  const html = await fs.readFile(single).catch(() => null);
  if (html) rows.push([`${SINGLE}/vlab.html`, html.length, gzipSize(html)]);
  const zips = (await fs.readdir(path.join(root, SCORM)).catch(() => [])).filter((n) => n.endsWith('.zip')).sort();
  // The course first, then each lab.
  zips.sort((a, b) => (b === 'vlab-course.zip') - (a === 'vlab-course.zip'));
  for (const z of zips) rows.push([`${SCORM}/${z}`, (await fs.stat(path.join(root, SCORM, z))).size, undefined]);
  return rows;
}

function printTable(rows) {
  const cells = rows.map(([form, raw, gz]) => [
    `\`${form}\``,
    `${raw.toLocaleString('en-US')} (${kb(raw)})`,
    gz === undefined ? '— (a zip)' : `${gz.toLocaleString('en-US')} (${kb(gz)})`,
  ]);
  const head = ['form', 'bytes', 'gzipped (zlib level 9)'];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((s, i) => (i === 0 ? s.padEnd(w[i]) : s.padStart(w[i]))).join(' | ')} |`;
  console.log('\nDistribution sizes:');
  console.log(line(head));
  console.log(`|${w.map((n, i) => (i === 0 ? '-'.repeat(n + 2) : `${'-'.repeat(n + 1)}:`)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
  await fs.access(path.join(dist, 'index.html')).catch(() => {
    throw new Error(`${dist}/index.html is missing: run \`make dist\` first`);
  });

  const { html, csp, parts } = await buildSingle(dist);
  await fs.mkdir(path.join(root, SINGLE), { recursive: true });
  await fs.writeFile(path.join(root, SINGLE, 'vlab.html'), html);
  console.log(`single file: ${SINGLE}/vlab.html (${parts.glue} and ${parts.wasm} inlined; the wasm gzipped, ${parts.wasmGzBytes} bytes)`);
  console.log(`single file CSP: ${csp}`);

  // The SCORM packages, when their script is there (it zips dist/ as it is).
  const scorm = path.join(root, 'scripts', 'package-scorm.mjs');
  if (await fs.access(scorm).then(() => true, () => false)) {
    const r = spawnSync(process.execPath, [scorm, dist, path.join(root, SCORM)], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/package-scorm.mjs failed (exit ${r.status ?? r.signal})`);
  } else {
    console.log('scripts/package-scorm.mjs is not there: no SCORM packages');
  }

  printTable(await sizes(dist));
}
