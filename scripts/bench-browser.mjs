// The app's figures in headless Chromium under a slowed profile (a school
// laptop): CPU throttled 4x and a 10 Mbit/s, 40 ms network through the
// Chrome DevTools Protocol. Part of `make bench` (scripts/bench.sh); prints
// one JSON object on stdout (progress on stderr).
//
//   node scripts/bench-browser.mjs DIST_DIR [LAB_ID...]
//
// (a) cold load: navigation start to the catalog painted (fresh profile):
//     the one `vlab prerender` wrote into index.html when it shows, else
//     the app's; and to the app's own catalog painted (the app started);
// (b) every lab: open it from the catalog (link click to the page settled,
//     then Explore so outcomes show), then move its first control (a range
//     input: ArrowRight, or ArrowLeft at its maximum; else a select's next
//     option; else a checkbox) and time the control's input event to the
//     frame painted after the last change it caused to the DOM or to a
//     chart's canvas (3 moves, there and back: the median), and to the frame after its first DOM change (the
//     first response: a long run's progress); the longest task
//     (PerformanceObserver 'longtask') during each;
// (c) bytes of every file the first visit fetched, raw and gzip -9;
// (d) the first lab opened from the catalog build (the whole app fetched,
//     compiled and started: click to the lab page settled).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { launchOptions, waitFor } from '../tests/e2e/support.mjs';
import { start } from '../tests/e2e/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.argv[2] ?? path.join(here, '..', 'target', 'bench-dist'));
const ONLY = process.argv.slice(3);
const SUBPATH = '/vlab/';
const CPU_RATE = 4;
const NETWORK = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };
// A change has settled once the page has not mutated for QUIET_MS.
const QUIET_MS = 600;
const SETTLE_MAX_MS = 20_000;
// Each lab's control moves this many times; the figures are the medians.
const MOVES = 5;

const log = (...a) => console.error('[bench-browser]', ...a);

// In every document: long tasks, the catalog's first paint, and a probe
// that times from the next user event to the paint after the last mutation.
function instrument() {
  const b = (window.__bench = { longtasks: [], catalogAt: null, catalogPaint: null, appAt: null, appPaint: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) {
    b.noLongtask = String(err);
  }
  const seen = (key) => {
    b[`${key}At`] = performance.now();
    requestAnimationFrame(() => setTimeout(() => (b[`${key}Paint`] = performance.now()), 0));
  };
  const catalog = new MutationObserver(() => {
    const shown = '[data-testid="catalog"], html[data-prerender="catalog"] [data-testid="catalog-prerender"]';
    if (!b.catalogAt && document.querySelector(shown)) seen('catalog');
    if (!b.appAt && document.querySelector('[data-testid="catalog"]')) {
      seen('app');
      catalog.disconnect();
    }
  });
  catalog.observe(document, { childList: true, subtree: true });

  let probe = null;
  const onEvent = (e) => {
    if (probe && probe.t0 === null) probe.t0 = e.timeStamp;
  };
  for (const type of ['click', 'keydown', 'input', 'change']) window.addEventListener(type, onEvent, true);
  b.arm = () => {
    if (probe) probe.mo.disconnect();
    probe = { t0: null, lastMutation: null, lastPaint: null, firstPaint: null, mutations: 0 };
    const p = probe;
    p.mo = new MutationObserver((records) => {
      if (p.t0 === null) return;
      // The frame after the first change: the page's first response (for
      // a long run in slices, its progress).
      if (p.mutations === 0) requestAnimationFrame(() => setTimeout(() => (p.firstPaint = performance.now()), 0));
      p.mutations += records.length;
      p.lastMutation = performance.now();
      // The frame after this change: rAF runs before paint, the task after
      // it once the frame is out.
      requestAnimationFrame(() => setTimeout(() => (p.lastPaint = performance.now()), 0));
    });
    p.mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  };
  // Drawing on a canvas changes the screen without changing the DOM: a
  // chart drawn after the render counts as a change too (the paint after
  // the last drawing call).
  const drew = () => {
    const p = probe;
    if (!p || p.t0 === null) return;
    p.lastMutation = performance.now();
    if (p.drawFrame) return;
    p.drawFrame = true;
    requestAnimationFrame(() => {
      p.drawFrame = false;
      setTimeout(() => (p.lastPaint = performance.now()), 0);
    });
  };
  for (const name of ['fillRect', 'strokeRect', 'fill', 'stroke', 'fillText']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      drew();
      return original.apply(this, args);
    };
  }
  b.armed = () => probe && probe.t0 !== null;
  b.reset = () => {
    if (probe) probe.t0 = null;
  };
  // Resolves once nothing has mutated for quietMs after the event (or at maxMs).
  b.settle = (quietMs, maxMs) =>
    new Promise((resolve) => {
      const p = probe;
      const begun = performance.now();
      const tick = () => {
        const now = performance.now();
        const last = p.lastMutation ?? p.t0 ?? begun;
        const done = p.t0 !== null && now - last >= quietMs && (p.lastMutation === null || p.lastPaint !== null);
        if (done || now - begun > maxMs) {
          p.mo.disconnect();
          const end = p.lastPaint ?? now;
          let longest = 0;
          for (const [s, d] of b.longtasks) if (s + d > (p.t0 ?? begun) && s < end) longest = Math.max(longest, d);
          resolve({
            t0: p.t0,
            ms: p.t0 === null || p.lastPaint === null ? null : p.lastPaint - p.t0,
            firstMs: p.t0 === null || p.firstPaint === null ? null : p.firstPaint - p.t0,
            mutations: p.mutations,
            longestTaskMs: longest,
            timedOut: !done,
          });
        } else setTimeout(tick, 50);
      };
      setTimeout(tick, 50);
    });
}

async function gzipSize(file) {
  return zlib.gzipSync(await fs.readFile(file), { level: 9 }).length;
}

const server = await start(DIST, SUBPATH);
const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-bench-'));
const context = await chromium.launchPersistentContext(profile, launchOptions());
const result = { cpuThrottle: CPU_RATE, network: NETWORK, labs: [] };
try {
  result.chromium = context.browser()?.version() ?? null;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(instrument);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  let wire = 0;
  cdp.on('Network.loadingFinished', (e) => (wire += e.encodedDataLength));

  // (a) Cold load.
  await page.goto(server.url);
  await waitFor(() => page.evaluate(() => window.__bench.appPaint !== null), "the app's catalog painted", 60_000);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const b = window.__bench;
    return { catalogAt: b.catalogAt, catalogPaint: b.catalogPaint, appPaint: b.appPaint, domContentLoaded: n?.domContentLoadedEventEnd, load: n?.loadEventEnd };
  });
  result.coldLoad = { catalogMs: nav.catalogPaint, catalogInDomMs: nav.catalogAt, appCatalogMs: nav.appPaint, domContentLoadedMs: nav.domContentLoaded };
  await page.waitForTimeout(1000);

  // (c) What the first visit fetched.
  const files = [];
  for (const [status, url] of server.requests) {
    if (status !== 200) continue;
    let rel = decodeURIComponent(new URL(url, 'http://x').pathname.slice(SUBPATH.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (files.some((f) => f.file === rel)) continue;
    const abs = path.join(DIST, rel);
    files.push({ file: rel, raw: (await fs.stat(abs)).size, gzip: await gzipSize(abs) });
  }
  result.firstVisit = {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    wireBytes: wire,
  };
  log(`catalog ${nav.catalogPaint?.toFixed(0)} ms (the app's ${nav.appPaint?.toFixed(0)} ms); first visit ${files.length} files, ${result.firstVisit.gzip} B gzip`);

  // (b) Every lab.
  let ids = await page.locator('a[data-testid^="lab-link-"]').evaluateAll((as) => as.map((a) => a.dataset.testid.slice('lab-link-'.length)));
  if (ONLY.length) ids = ids.filter((id) => ONLY.includes(id));
  if (!ids.length) throw new Error('no lab links in the catalog');
  // (d) The first lab opened from the catalog build (issue 18): the whole
  // app downloads, compiles and takes the page over. The labs below are
  // then timed in the whole app, as a student meets every lab after it.
  if (await page.locator('meta[name="vlab-catalog"]').count()) {
    await page.evaluate(() => window.__bench.arm());
    await page.locator(`a[data-testid="lab-link-${ids[0]}"]`).click();
    await page.locator('[data-testid="lab-page"]').waitFor({ state: 'visible', timeout: 60_000 });
    const open = await page.evaluate(([q, m]) => window.__bench.settle(q, m), [QUIET_MS, SETTLE_MAX_MS]);
    result.handover = { id: ids[0], ms: open.ms, longestTaskMs: open.longestTaskMs };
    log(`first lab from the catalog build: ${ids[0]} ${open.ms.toFixed(0)} ms, longest task ${open.longestTaskMs.toFixed(0)} ms`);
  }
  for (const id of ids) {
    const lab = { id };
    const t = Date.now();
    await page.evaluate(() => (location.hash = '#/'));
    await page.locator('[data-testid="catalog"]').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(300);
    // Open: link click -> lab page settled.
    await page.evaluate(() => window.__bench.arm());
    await page.locator(`a[data-testid="lab-link-${id}"]`).click();
    await page.locator('[data-testid="lab-page"]').waitFor({ state: 'visible', timeout: 60_000 });
    const open = await page.evaluate(([q, m]) => window.__bench.settle(q, m), [QUIET_MS, SETTLE_MAX_MS]);
    lab.openMs = open.ms;
    lab.openLongestTaskMs = open.longestTaskMs;
    // Explore, so the outcomes show.
    await waitFor(async () => (await page.locator('[data-testid="questions"]').count()) > 0, 'the questions panel');
    lab.exploreLongestTaskMs = 0;
    if (await page.locator('[data-testid="questions"][data-state="asking"]').count()) {
      await page.evaluate(() => window.__bench.arm());
      await page.locator('[data-testid="explore"]').click();
      const ex = await page.evaluate(([q, m]) => window.__bench.settle(q, m), [QUIET_MS, SETTLE_MAX_MS]);
      lab.exploreMs = ex.ms;
      lab.exploreLongestTaskMs = ex.longestTaskMs;
    }
    // Move the first control, MOVES times (there and back): the median.
    const range = page.locator('[data-testid="lab-page"] input[type="range"][data-testid^="control-"]');
    const select = page.locator('[data-testid="lab-page"] select[data-testid^="control-"]');
    const check = page.locator('[data-testid="lab-page"] input[type="checkbox"][data-testid^="control-"]');
    let control = null;
    let move = null;
    if (await range.count()) {
      const r = range.first();
      control = `${await r.getAttribute('data-testid')} (range)`;
      let dir = (await r.inputValue()) === (await r.getAttribute('max')) ? 'ArrowLeft' : 'ArrowRight';
      move = async () => {
        const before = await r.inputValue();
        await r.focus();
        await page.keyboard.press(dir);
        if ((await r.inputValue()) === before) {
          await page.evaluate(() => window.__bench.reset());
          dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
          await page.keyboard.press(dir);
        }
        dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
        return (await r.inputValue()) !== before;
      };
    } else if (await select.count()) {
      const s = select.first();
      control = `${await s.getAttribute('data-testid')} (select)`;
      const values = await s.locator('option').evaluateAll((os) => os.map((o) => o.value));
      move = async () => {
        const now = await s.inputValue();
        await s.selectOption(values[(values.indexOf(now) + 1) % values.length]);
        return values.length > 1;
      };
    } else if (await check.count()) {
      const c = check.first();
      control = `${await c.getAttribute('data-testid')} (checkbox)`;
      move = async () => {
        await c.click();
        return true;
      };
    }
    lab.control = control;
    if (move) {
      const runs = [];
      for (let k = 0; k < MOVES; k++) {
        await page.evaluate(() => window.__bench.arm());
        const moved = await move();
        const ch = await page.evaluate(([q, m]) => window.__bench.settle(q, m), [QUIET_MS, SETTLE_MAX_MS]);
        if (!moved) lab.control += ' (did not move)';
        runs.push(ch);
        if (!moved) break;
      }
      const mid = (xs) => {
        const v = xs.filter((x) => x != null).sort((p, q) => p - q);
        return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
      };
      lab.controlMs = mid(runs.map((r) => r.ms));
      lab.controlFirstMs = mid(runs.map((r) => r.firstMs));
      lab.controlLongestTaskMs = mid(runs.map((r) => r.longestTaskMs));
      lab.controlRuns = runs.map((r) => [r.ms, r.longestTaskMs]);
      lab.controlMutations = runs[0].mutations;
      lab.controlTimedOut = runs.some((r) => r.timedOut);
    }
    result.labs.push(lab);
    log(`${id}: open ${lab.openMs?.toFixed(0)} ms (longest task ${Math.max(lab.openLongestTaskMs, lab.exploreLongestTaskMs).toFixed(0)}), control ${lab.controlMs?.toFixed(0)} ms (longest task ${lab.controlLongestTaskMs?.toFixed(0)}) [${control}] ${Date.now() - t} ms wall`);
  }
  // Everything fetched in the session (the first visit, then each lab opened).
  const all = new Set();
  let sessionRaw = 0;
  let sessionGzip = 0;
  for (const [status, url] of server.requests) {
    if (status !== 200) continue;
    let rel = decodeURIComponent(new URL(url, 'http://x').pathname.slice(SUBPATH.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (all.has(rel)) continue;
    all.add(rel);
    const abs = path.join(DIST, rel);
    sessionRaw += (await fs.stat(abs)).size;
    sessionGzip += await gzipSize(abs);
  }
  result.session = { files: all.size, raw: sessionRaw, gzip: sessionGzip, requests: server.requests.length };
  result.pageErrors = errors;
  if (errors.length) throw new Error(`the page threw: ${errors.join(' | ')}`);
} finally {
  await context.close();
  await server.close();
  await fs.rm(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
