// The catalog `vlab prerender` writes into the built index.html
// (src/cli/prerender.rs; Trunk.toml's post_build hook): it shows with no
// WebAssembly at all, in the stored language, and gives way to the app
// with no frame blank and none showing two catalogs. Run with:
//   VLAB_DIST=<dir> node --test --test-reporter=spec tests/e2e/prerender.test.mjs
// Screenshots land in tests/e2e/artifacts/ (prerender-*.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { AxeBuilder } from '../../tools/node_modules/@axe-core/playwright/dist/index.mjs';
import { LOAD_MS, launchOptions, waitFor, wholePage } from './support.mjs';
import { start } from './serve.mjs';
import { readLabs } from '../../scripts/package-scorm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SUBPATH = '/course/vlab/';
const STEP_MS = 90_000;
const LAB = 'mem-admission-64gb';
const STORE = 'vlab.state'; // src/state/storage.rs
const PRERENDER = '[data-testid="catalog-prerender"]';
const APP_CATALOG = '[data-testid="catalog"]';
/** The prerendered copy of `lang`, its catalog and its loading line. */
const copy = (lang) => `${PRERENDER} .prerender-copy[lang="${lang}"]`;

let server, context, profileDir, labs;
const cspViolations = [];

async function snap(page, name) {
  await wholePage(page, path.join(ARTIFACTS, `prerender-${name}.png`));
}

/** A page whose CSP refusals are recorded. */
async function newPage() {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/^Refused to|violates the following Content Security Policy|^CSP violation/.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

/** Stores prefs as the app writes them (version 1), or nothing. */
async function store(page, prefs) {
  await page.evaluate(
    ([key, value]) => (value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)),
    [STORE, prefs && JSON.stringify({ version: 1, lang: 'en', theme: 'light', progress: {}, ...prefs })],
  );
}

/** Serious and critical axe violations on the page. */
async function axe(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

describe('the prerendered catalog', { timeout: 10 * STEP_MS }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    labs = await readLabs();
    server = await start(DIST, SUBPATH);
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-prerender-'));
    context = await chromium.launchPersistentContext(profileDir, launchOptions());
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
  });

  describe('with no WebAssembly', () => {
    let page;
    before(async () => {
      page = await newPage();
      // The app never starts: what shows is the page's HTML and CSS alone.
      await page.route('**/*.wasm', (r) => r.abort());
    });
    after(() => page?.close());

    for (const [lang, title] of [['en', 'en'], ['zh-CN', 'zh-CN']]) {
      it(`shows every lab in ${lang}`, { timeout: STEP_MS }, async () => {
        await page.goto(`${server.url}#/`);
        await store(page, lang === 'en' ? null : { lang });
        await page.reload();
        await page.locator(`${copy(lang)} .catalog`).waitFor({ state: 'visible', timeout: LOAD_MS });
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
        assert.equal(await page.locator(APP_CATALOG).count(), 0, 'the app did not start');
        assert.equal(await page.locator(PRERENDER).count(), 1);
        // Exactly one copy shows, and no loading line on the catalog's route.
        assert.equal(await page.locator('.prerender-copy:visible').count(), 1);
        assert.equal(await page.locator('.prerender-loading:visible').count(), 0);
        const shown = page.locator(`${copy(lang)} .catalog`);
        for (const lab of labs) {
          const link = shown.locator(`a[href="#/lab/${lab.id}"]`);
          assert.equal(await link.count(), 1, `${lab.id} has one link`);
          assert.ok(await link.isVisible(), `${lab.id}'s link is visible`);
          assert.equal((await link.innerText()).trim(), lab.title[title] ?? lab.title.en, `${lab.id}'s title in ${lang}`);
        }
        await snap(page, `catalog-${lang}`);
        assert.deepEqual(await axe(page), [], `axe: the prerendered catalog in ${lang}`);
      });
    }

    it('follows the stored theme, presenter mode first', { timeout: STEP_MS }, async () => {
      await store(page, { theme: 'dark' });
      await page.reload();
      await waitFor(async () => (await page.locator('html').getAttribute('data-theme')) === 'dark', 'html[data-theme="dark"]');
      await store(page, { theme: 'dark', presenter: true });
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'projector');
      assert.equal(await page.locator('html').getAttribute('data-presenter'), 'on');
      // What the app cannot read (a newer vlab's, or damaged) gives its defaults.
      await page.evaluate((key) => localStorage.setItem(key, '{"version":2,"lang":"zh-CN","theme":"dark"}'), STORE);
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
      await store(page, null);
    });

    it('on a lab link says the app is starting, not the catalog', { timeout: STEP_MS }, async () => {
      await page.goto(`${server.url}#/lab/${LAB}`);
      await page.reload();
      await page.locator(`${copy('en')} .prerender-loading`).waitFor({ state: 'visible', timeout: LOAD_MS });
      assert.equal(await page.locator(`${PRERENDER} .catalog:visible`).count(), 0);
      // A link followed from the catalog does the same.
      await page.goto(`${server.url}#/`);
      await page.reload();
      await page.locator(`${copy('en')} .catalog a[href="#/lab/${LAB}"]`).click();
      await waitFor(async () => (await page.locator(`${PRERENDER} .catalog:visible`).count()) === 0, 'the catalog to give way');
      assert.ok(await page.locator(`${copy('en')} .prerender-loading`).isVisible());
      await snap(page, 'loading-en');
    });
  });

  describe('with the app', () => {
    it('gives way to the app: no blank frame, never two catalogs', { timeout: STEP_MS }, async () => {
      const page = await newPage();
      // Before every frame, what is in the page: 1 the prerendered catalog,
      // 2 the app's, 3 both, 0 neither.
      await page.addInitScript(() => {
        const frames = (window.__frames = []);
        const tick = () => {
          const pre = document.getElementById('vlab-prerender') ? 1 : 0;
          const app = document.querySelector('[data-testid="catalog"]') ? 2 : 0;
          if (frames.at(-1) !== pre + app) frames.push(pre + app);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.goto(`${server.url}#/`);
      await page.locator(APP_CATALOG).waitFor({ state: 'visible', timeout: LOAD_MS });
      await waitFor(async () => (await page.evaluate(() => window.__frames.at(-1))) === 2, "a frame with the app's catalog");
      const frames = await page.evaluate(() => window.__frames);
      // Nothing before the body arrives, the prerendered catalog, then the app's.
      assert.deepEqual(frames.filter((f, i) => i > 0 || f !== 0), [1, 2], `frames: ${frames}`);
      assert.equal(await page.locator(APP_CATALOG).count(), 1);
      assert.equal(await page.locator(PRERENDER).count(), 0);
      assert.equal(await page.locator('.catalog:visible').count(), 1);
      await page.locator(`a[data-testid="lab-link-${LAB}"]`).click();
      await page.locator('[data-testid="lab-page"]').waitFor({ state: 'visible', timeout: LOAD_MS });
      await page.close();
    });

    it('opens a lab whose link was followed before the app started', { timeout: STEP_MS }, async () => {
      const page = await newPage();
      // Hold the WebAssembly back until the link is followed.
      let release;
      const held = new Promise((r) => (release = r));
      await page.route('**/*.wasm', async (r) => {
        await held;
        await r.continue();
      });
      await page.goto(`${server.url}#/`);
      await page.locator(`${copy('en')} .catalog a[href="#/lab/${LAB}"]`).click();
      release();
      await page.locator('[data-testid="lab-page"]').waitFor({ state: 'visible', timeout: LOAD_MS });
      assert.equal(await page.locator(PRERENDER).count(), 0);
      await page.close();
    });

    it('was never refused by the Content-Security-Policy', () => {
      assert.deepEqual(cspViolations, []);
    });
  });
});
