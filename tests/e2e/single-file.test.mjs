// End-to-end test of the single file (dist-single/vlab.html, written by
// `make package`) opened from file:// in headless Chromium, as a double click
// opens it: no server. Run with: node --test tests/e2e/
// VLAB_SINGLE=<file> tests another copy; screenshots land in tests/e2e/artifacts/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor, wholePage } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(process.env.VLAB_SINGLE ?? path.join(here, '..', '..', 'dist-single', 'vlab.html'));
const URL_ = pathToFileURL(FILE).href;
const ARTIFACTS = path.join(here, 'artifacts');
const STEP_MS = 90_000;
const LAB = 'mem-admission-64gb';

let context, page, profileDir;
let shot = 0;
const requests = []; // every URL the browser asked for
const pageErrors = []; // uncaught exceptions and wasm panics
const cspViolations = []; // what the page's Content-Security-Policy refused


const visible = (s, timeout = LOAD_MS) => page.locator(s).first().waitFor({ state: 'visible', timeout });
const attr = (s, name) => page.locator(s).first().getAttribute(name);
async function snap(name) {
  shot += 1;
  await wholePage(page, path.join(ARTIFACTS, `single-${String(shot).padStart(2, '0')}-${name}.png`));
}

/** Labs ask their questions first; explore shows the whole run at once. */
async function explore() {
  await visible('[data-testid="lab-page"]');
  await waitFor(async () => (await page.locator('[data-testid="questions"]').count()) > 0, 'the questions panel');
  if (await page.locator('[data-testid="questions"][data-state="asking"]').count()) {
    await page.locator('[data-testid="explore"]').click();
  }
}

describe('the single file from file://', { timeout: 10 * STEP_MS }, () => {
  before(async () => {
    await fs.access(FILE).catch(() => {
      throw new Error(`${FILE} is missing: run \`make package\` (or node scripts/package.mjs after make dist) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-single-'));
    // The machine's launch flags: see support.mjs.
    context = await chromium.launchPersistentContext(profileDir, launchOptions({ acceptDownloads: true }));
    // Every page reports what its CSP refuses (Playwright's init scripts are exempt from it).
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /panicked|RuntimeError|unreachable|could not start/.test(m.text())) pageErrors.push(m.text());
      if (/^Refused to|violates the following Content Security Policy|^CSP violation/.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await context?.close();
    if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
  });

  it('shows the catalog', { timeout: STEP_MS }, async () => {
    await page.goto(`${URL_}#/`);
    await visible('[data-testid="catalog"]');
    await visible(`a[data-testid="lab-link-${LAB}"]`);
    assert.equal(new URL(page.url()).protocol, 'file:');
    await snap('catalog-en');
  });

  it('opens a lab, explores the run and solves it', { timeout: STEP_MS }, async () => {
    await page.locator(`a[data-testid="lab-link-${LAB}"]`).click();
    await explore();
    await visible('canvas[data-testid="chart-mem"]');
    const goal = 'li[data-testid="goal-vm9-running"]';
    assert.equal(await attr(goal, 'data-passed'), 'false');
    await page.locator('input[data-testid="control-vm9-reservation"]').evaluate((el) => {
      el.value = '0';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(async () => (await attr(goal, 'data-passed')) === 'true', 'goal-vm9-running passed');
    await snap('lab-en');
  });

  it('switches to 简体中文, and a reload keeps the language and the progress', { timeout: STEP_MS }, async () => {
    await page.locator('select[data-testid="lang-select"]').selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await waitFor(async () => (await page.locator('body').innerText()).includes('预留'), 'the Chinese word 预留');
    await page.reload();
    await visible('[data-testid="lab-page"]');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"] after the reload');
    await waitFor(
      async () => (await attr('li[data-testid="goal-vm9-running"]', 'data-passed')) === 'true',
      'the goal still passed after the reload',
    );
    assert.equal(await page.locator('input[data-testid="control-vm9-reservation"]').inputValue(), '0');
    await snap('lab-reloaded-zh');
    await page.evaluate(() => { window.location.hash = '#/'; });
    await visible('[data-testid="catalog"]');
    await waitFor(async () => Number(await attr(`[data-testid="lab-progress-${LAB}"]`, 'data-passed')) >= 1, 'the progress in the catalog');
    await snap('catalog-zh');
  });

  it('opens every lab of the catalog', { timeout: 3 * STEP_MS }, async () => {
    const ids = await page
      .locator('a[data-testid^="lab-link-"]')
      .evaluateAll((links) => links.map((a) => a.dataset.testid.slice('lab-link-'.length)));
    assert.ok(ids.length >= 40, `only ${ids.length} labs in the catalog`);
    for (const id of ids) {
      await page.evaluate((h) => { window.location.hash = h; }, `#/lab/${id}`);
      await visible(`[data-testid="lab-page"][data-lab="${id}"]`);
      await visible('[data-testid="questions"], [data-testid^="goal-"]');
    }
    assert.deepEqual(pageErrors, [], 'errors while opening the labs');
  });

  it('the About page says where a browser keeps progress opened from a file, in both languages', { timeout: STEP_MS }, async () => {
    await page.evaluate(() => { window.location.hash = '#/about'; });
    await visible('[data-testid="about-file-storage"]');
    const zh = await page.locator('[data-testid="about-file-storage"]').innerText();
    assert.ok(zh.includes('security.fileuri.strict_origin_policy') && zh.includes('Firefox'), zh);
    await snap('about-zh');
    await page.locator('select[data-testid="lang-select"]').selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    const en = await page.locator('[data-testid="about-file-storage"]').innerText();
    assert.ok(en.includes('Chrome') && en.includes('Safari'), en);
    await snap('about-en');
  });

  it('exports progress to a file (a blob: download)', { timeout: STEP_MS }, async () => {
    await page.evaluate(() => { window.location.hash = '#/'; });
    await visible('[data-testid="progress-panel"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-testid="progress-export"]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^vlab-progress.*\.json$/);
    const saved = JSON.parse(await fs.readFile(await download.path(), 'utf8'));
    assert.equal(saved.format, 'vlab-progress');
    assert.ok(saved.labs[LAB], `the file holds ${LAB}`);
  });

  it('asked for nothing but the file itself, data: and blob: URLs; broke no CSP rule; never panicked', () => {
    const elsewhere = requests.filter((u) => !['data:', 'blob:'].includes(new URL(u).protocol) && u.split('#')[0] !== URL_);
    assert.deepEqual(elsewhere, [], 'requests other than the file, data: and blob:');
    assert.ok(requests.some((u) => u.split('#')[0] === URL_), 'the file itself was loaded');
    assert.deepEqual(cspViolations, [], 'the Content-Security-Policy refused something');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });
});
