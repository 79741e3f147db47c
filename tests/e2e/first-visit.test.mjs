// The first visit downloads the catalog build only (issue 18): the whole
// app (the engines, the lab pages, the charts) comes when a lab or another
// page is wanted, and takes the page over from the catalog build
// (static/boot.js, src/pages/handover.rs). Run with:
//   VLAB_DIST=<dir> node --test --test-reporter=spec tests/e2e/first-visit.test.mjs
// Screenshots land in tests/e2e/artifacts/ (first-visit-*.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, explore, launchOptions, waitFor, wholePage } from './support.mjs';
import { start } from './serve.mjs';
import { BUDGET } from '../../scripts/first-visit.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const STEP_MS = 90_000;
const LAB = 'shares-contention';
const CATALOG = '[data-testid="catalog"]';
/** The whole app's and the catalog build's .wasm, as dist/ names them. */
const WHOLE_WASM = /\/vlab-web-[0-9a-f]+_bg\.wasm$/;
const CATALOG_WASM = /\/vlab-catalog-[0-9a-f]+_bg\.wasm$/;

let server, context, profileDir;

/** A fresh page that records the URL of every request it makes. */
async function recordingPage() {
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { page, requests };
}

/** The catalog build has started: its catalog shows and the prerendered one is gone. */
async function catalogStarted(page) {
  await page.locator(CATALOG).waitFor({ state: 'visible', timeout: LOAD_MS });
  await waitFor(async () => (await page.locator('[data-testid="catalog-prerender"]').count()) === 0, 'the prerendered catalog gone');
}

async function snap(page, name) {
  await wholePage(page, path.join(ARTIFACTS, `first-visit-${name}.png`));
}

describe('the first visit', { timeout: 10 * STEP_MS }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, '/');
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-first-visit-'));
    context = await chromium.launchPersistentContext(profileDir, launchOptions({ acceptDownloads: true }));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
  });

  it('fetches the catalog build, within the budget, and not the whole app', { timeout: STEP_MS }, async () => {
    const { page, requests } = await recordingPage();
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    // The header's switches work in the catalog build.
    await page.locator('[data-testid="lang-select"]').selectOption('zh-CN');
    await waitFor(async () => (await page.locator('html').getAttribute('lang')) === 'zh-CN', '<html lang="zh-CN">');
    await page.waitForLoadState('networkidle');
    await snap(page, 'catalog-zh-CN');
    assert.ok(requests.some((u) => CATALOG_WASM.test(u)), 'the catalog build was fetched');
    assert.deepEqual(requests.filter((u) => WHOLE_WASM.test(u)), [], 'the whole app was not fetched');
    // What was fetched, as dist/'s files compressed with gzip -9.
    let gzip = 0;
    for (const url of new Set(requests)) {
      const file = decodeURIComponent(new URL(url).pathname).replace(/^\//, '') || 'index.html';
      gzip += zlib.gzipSync(await fs.readFile(path.join(DIST, file)), { level: 9 }).length;
    }
    assert.ok(gzip <= BUDGET, `the first visit fetched ${gzip} bytes gzip -9, over the budget of ${BUDGET}`);
    await page.locator('[data-testid="lang-select"]').selectOption('en');
    await page.close();
  });

  it('hands the page to the whole app when a lab is opened, once', { timeout: STEP_MS }, async () => {
    const { page, requests } = await recordingPage();
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    await page.locator(`[data-testid="lab-link-${LAB}"]`).click();
    await explore(page);
    assert.equal(requests.filter((u) => WHOLE_WASM.test(u)).length, 1, 'the whole app was fetched once');
    // static/warm.js compiled the whole app, and ran the lab page's code on
    // the lab's file, in a worker.
    assert.equal(await page.locator('html').getAttribute('data-warm'), 'done');
    assert.ok(requests.some((u) => u.endsWith('/warm.js')), 'the helper worker was fetched');
    // V8 compiles the glue's functions as it loads (src/cli/compile_hint.rs).
    const glue = await page.locator('meta[name="vlab-boot"]').getAttribute('data-js');
    assert.match(await fs.readFile(path.join(DIST, glue), 'utf8'), /^\/\/# allFunctionsCalledOnLoad\n/);
    // One app on the page: one header, one main, no catalog build left.
    assert.equal(await page.locator('header.app-header').count(), 1);
    assert.equal(await page.locator('main#main').count(), 1);
    // Back to the catalog: the whole app shows it now, progress panel and all.
    await page.goBack();
    await page.locator(CATALOG).waitFor({ state: 'visible', timeout: LOAD_MS });
    assert.equal(await page.locator(CATALOG).count(), 1);
    assert.equal(await page.locator('[data-testid="progress-panel"]').count(), 1);
    await snap(page, 'back-to-catalog');
    await page.close();
  });

  it('starts fetching the whole app when a pointer reaches a lab link', { timeout: STEP_MS }, async () => {
    const { page, requests } = await recordingPage();
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    assert.equal(requests.filter((u) => WHOLE_WASM.test(u)).length, 0);
    await page.locator(`[data-testid="lab-link-${LAB}"]`).hover();
    await waitFor(() => requests.some((u) => WHOLE_WASM.test(u)), 'the whole app requested on hover');
    // Still the catalog build's page: nothing was handed over.
    assert.equal(await page.locator(CATALOG).count(), 1);
    await page.close();
  });

  it('imports a progress file through the whole app', { timeout: STEP_MS }, async () => {
    const { page, requests } = await recordingPage();
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    // A file the catalog build itself exports (what the earlier tests left).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="progress-export"]').click()]);
    const exported = await download.path();
    assert.deepEqual(requests.filter((u) => WHOLE_WASM.test(u)), [], 'exporting needs no whole app');
    await page.locator('[data-testid="progress-import"]').setInputFiles(exported);
    // The whole app checks the file against the labs' own files and says how it went.
    await page.locator('[data-testid="progress-status"][data-imported]').waitFor({ timeout: LOAD_MS });
    assert.ok(requests.some((u) => WHOLE_WASM.test(u)), 'the whole app checked the file');
    assert.ok(requests.some((u) => u.endsWith(`/labs/${LAB}.toml`)), "the labs' files were fetched to check it");
    assert.equal(await page.locator(CATALOG).count(), 1, 'still the catalog');
    await page.close();
  });

  it('opens the lab without the helper worker when it cannot start', { timeout: STEP_MS }, async () => {
    const { page } = await recordingPage();
    await page.route('**/warm.js', (r) => r.abort());
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    await page.locator(`[data-testid="lab-link-${LAB}"]`).click();
    await explore(page);
    // The page compiled the whole app itself, and warmed nothing.
    assert.equal(await page.locator('html').getAttribute('data-warm'), 'off');
    assert.ok((await page.locator('[data-testid^="goal-"][data-passed]').count()) > 0, 'the lab page shows its goals');
    await page.close();
  });

  it('says so when the whole app cannot be downloaded', { timeout: STEP_MS }, async () => {
    const { page } = await recordingPage();
    await page.route(WHOLE_WASM, (r) => r.abort());
    await page.goto(`${server.url}#/`);
    await catalogStarted(page);
    await page.locator(`[data-testid="lab-link-${LAB}"]`).click();
    const failed = page.locator('[data-testid="app-starting"] .boot-failed');
    await failed.waitFor({ state: 'visible', timeout: LOAD_MS });
    assert.match(await failed.innerText(), /could not be downloaded/);
    await snap(page, 'download-failed');
    // Its button reloads the page: with the network back, the lab opens.
    await page.unroute(WHOLE_WASM);
    await failed.getByRole('button').click();
    await explore(page);
    await page.close();
  });
});
