// The first visit's download (issue 18: "everything the first visit
// downloads is at most 500 KB gzip-compressed"): the built index.html and
// every file it makes the browser fetch on the catalog's route (stylesheet,
// scripts, icon, and the build static/boot.js starts there: the catalog
// build that <meta name="vlab-catalog"> names, or, in a build without it,
// the whole app of <meta name="vlab-boot">), raw and gzip -9, and their
// total against the budget. Not counted: labs/ (a lab's file is fetched
// when it opens) and the whole app where the catalog build is (fetched
// when a lab or another page is wanted; tests/e2e/first-visit.test.mjs
// checks that a cold visit to the catalog does not fetch it).
//
// Usage: node scripts/first-visit.mjs [DIST]   (default dist/; `make dist`,
// scripts/test.sh and scripts/bench.sh run it after their release build)
//
// Over the budget is an error (exit 1), so `make dist` and CI fail; with
// VLAB_SIZE_BUDGET=report it is only printed. Nothing here needs an npm package.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export const BUDGET = 500 * 1024; // 512,000 bytes: KB = 1024 bytes, as BENCHMARKS.md counts

/** The local files a browser fetches on loading DIST/index.html, index.html first. */
export async function firstVisitFiles(dist) {
  const index = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
  const refs = ['index.html'];
  const tags = index.match(/<(?:link|script|meta|img)\b[^>]*>/gi) ?? [];
  const catalogBuild = /<meta name="vlab-catalog"/.test(index);
  for (const tag of tags) {
    const attr = (name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))?.[1];
    const name = tag.match(/^<(\w+)/)[1].toLowerCase();
    if (name === 'link' && /^(stylesheet|icon|preload|modulepreload)$/i.test(attr('rel') ?? '')) refs.push(attr('href'));
    if ((name === 'script' || name === 'img') && attr('src')) refs.push(attr('src'));
    const started = catalogBuild ? 'vlab-catalog' : 'vlab-boot';
    if (name === 'meta' && attr('name') === started) refs.push(attr('data-js'), attr('data-wasm'));
  }
  // Only the page's own files: data: URLs and other origins are not in dist/.
  const local = refs.filter((r) => r && !/^(?:[a-z]+:|\/\/|#)/i.test(r)).map((r) => path.normalize(r.replace(/[?#].*$/, '')));
  return [...new Set(local)];
}

/** { files: [{ file, raw, gzip }], raw, gzip } of the first visit to DIST. */
export async function firstVisit(dist) {
  const files = [];
  for (const file of await firstVisitFiles(dist)) {
    const buf = await fs.readFile(path.join(dist, file)).catch(() => {
      throw new Error(`${dist}/index.html fetches ${file}, which is not in ${dist}`);
    });
    files.push({ file, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length });
  }
  return { files, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
  const fv = await firstVisit(dist);
  const num = (n) => n.toLocaleString('en-US');
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  const w = Math.max(...fv.files.map((f) => f.file.length));
  for (const f of fv.files) console.log(`first visit file: ${f.file.padEnd(w)} ${num(f.raw).padStart(11)} raw ${num(f.gzip).padStart(11)} gzip -9`);
  const over = fv.gzip > BUDGET;
  const enforce = process.env.VLAB_SIZE_BUDGET !== 'report';
  console.log(
    `first visit: ${num(fv.gzip)} bytes gzip -9 (${kb(fv.gzip)}; ${num(fv.raw)} raw) in ${fv.files.length} files; ` +
      `budget ${num(BUDGET)} (${kb(BUDGET)}): ${over ? `OVER by ${num(fv.gzip - BUDGET)}` : `within, ${num(BUDGET - fv.gzip)} to spare`}` +
      (over && !enforce ? ' (VLAB_SIZE_BUDGET=report: not an error)' : ''),
  );
  if (over && enforce) {
    console.error(`first-visit.mjs: the first visit is over its budget of ${num(BUDGET)} bytes gzip -9 (see "Where the bytes go" in BENCHMARKS.md)`);
    process.exit(1);
  }
}
