// The release build's first visit carries the catalog's index, not the
// labs: a lab's file is fetched from labs/ when the lab is opened, a
// failed fetch says so in the student's language, and a long run goes in
// slices with its progress shown (src/catalog.rs, src/lab/sliced_run.rs).
// Run with: node --test tests/e2e/lab-files.test.mjs  (VLAB_DIST=<dir> for another build)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');

let server, context, profileDir;

before(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  server = await start(DIST, '/course/vlab/');
  profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-labfiles-'));
  context = await chromium.launchPersistentContext(profileDir, launchOptions());
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
});

/** A fresh page that records the lab files it asks for. */
async function openPage() {
  const page = await context.newPage();
  const labFiles = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/labs\/([^/]+)$/);
    if (m) labFiles.push(m[1]);
  });
  return { page, labFiles };
}

describe('lab files and long runs', { timeout: 180_000 }, () => {
  it('the catalog fetches no lab file; opening a lab fetches only its own', async () => {
    const { page, labFiles } = await openPage();
    await page.goto(server.url);
    await page.locator('[data-testid="catalog"] .lab-card').first().waitFor({ timeout: LOAD_MS });
    // The cards come from the index: every lab's title, and its goal count.
    const cards = await page.locator('.lab-card').count();
    const onDisk = (await fs.readdir(path.join(DIST, 'labs'))).filter((n) => n.endsWith('.toml'));
    assert.equal(cards, onDisk.length, 'a card per lab file');
    assert.deepEqual(labFiles, [], 'the catalog needs no lab file');
    await page.locator('a[data-testid="lab-link-shares-contention"]').click();
    await page.locator('[data-testid="lab-page"]').waitFor({ timeout: LOAD_MS });
    assert.deepEqual(labFiles, ['shares-contention.toml']);
    // Back and in again: the file is not fetched twice.
    await page.goBack();
    await page.locator('a[data-testid="lab-link-shares-contention"]').click();
    await page.locator('[data-testid="lab-page"]').waitFor({ timeout: LOAD_MS });
    assert.deepEqual(labFiles, ['shares-contention.toml']);
    await page.close();
  });

  for (const [lang, says] of [
    ['en', 'This lab could not be loaded'],
    ['zh-CN', '无法加载此实验'],
  ]) {
    it(`a lab file that cannot be fetched gets a message, not a blank page (${lang})`, async () => {
      const { page } = await openPage();
      await page.route('**/labs/ha-slot-size.toml', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto(server.url);
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await page.locator('select[data-testid="lang-select"]').selectOption(lang);
      await page.goto(`${server.url}#/lab/ha-slot-size`);
      const failed = page.locator('[data-testid="lab-load-failed"]');
      await failed.waitFor({ timeout: LOAD_MS });
      const text = await failed.innerText();
      assert.ok(text.includes(says), text);
      assert.ok(text.includes('labs/ha-slot-size.toml') && text.includes('404'), text);
      await page.screenshot({ path: path.join(ARTIFACTS, `lab-files-failed-${lang}.png`) });
      // The way back works.
      await failed.locator('a').click();
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await page.locator('select[data-testid="lang-select"]').selectOption('en');
      await page.close();
    });
  }

  it('a simulated day shows its progress while it runs in slices', async () => {
    const { page } = await openPage();
    // A slow laptop: the day takes many slices.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__longest = 0;
      window.__progress = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask' });
      // Every progress figure the page showed (the run may be quick).
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="run-progress"]');
        if (p) window.__progress.push(Number(p.dataset.pct));
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(`${server.url}#/lab/dpm-night-savings`);
    await page.locator('[data-testid="lab-page"]').waitFor({ timeout: LOAD_MS });
    await waitFor(async () => (await page.locator('[data-testid="questions"]').count()) > 0, 'questions');
    if (await page.locator('[data-testid="explore"]').count()) await page.locator('[data-testid="explore"]').click();
    await page.locator('[data-testid="goal-energy"]').waitFor({ timeout: LOAD_MS });
    const progress = page.locator('[data-testid="run-progress"]');
    await waitFor(async () => (await progress.count()) === 0, 'the first run', 60_000);
    assert.equal(await page.locator('[data-testid="goal-energy"]').getAttribute('data-passed'), 'false');
    // Apply the solution: the run restarts with its progress shown. On a
    // very slow machine: at 4x the solution's day is done within the
    // 100 ms a run goes on before its progress shows (src/lab/sliced_run.rs).
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await page.evaluate(() => {
      window.__progress = [];
      window.__longest = 0;
    });
    await page.locator('[data-testid="apply-solution"]').click();
    const energy = page.locator('[data-testid="goal-energy"]');
    await waitFor(async () => (await energy.getAttribute('data-passed')) === 'true', 'the solution run', 60_000);
    assert.equal(await progress.count(), 0, 'no progress once the run is done');
    const seen = await page.evaluate(() => window.__progress);
    assert.ok(seen.length > 0, 'the progress showed while the day ran');
    assert.ok(seen.every((p) => p >= 0 && p < 100), `progress figures ${seen}`);
    const longest = await page.evaluate(() => window.__longest);
    console.log(`solution run, 20x slower CPU: progress shown ${seen.length} times (${seen.slice(0, 8).join(', ')} ... %); longest task ${Math.round(longest)} ms`);
    await page.close();
  });
});
