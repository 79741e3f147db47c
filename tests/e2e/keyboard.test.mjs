// A whole lab with the keyboard only (release build: dist/, or VLAB_DIST=<dir>):
// from the catalog, open cpu-limit-16vcpu, answer its two questions, commit
// them, move the limit to the reference solution's 26000 MHz with the arrow
// keys, and see every goal pass. Only page.keyboard: no click, no focus(), no
// value set by script. In English and in 简体中文 (the language chosen with
// the keyboard too). Run with:
//   node --test --test-reporter=spec tests/e2e/keyboard.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor, wholePage } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SUBPATH = '/course/vlab/';

// `vlab run cpu-limit-16vcpu --answers` and `--solution`: the answers are
// 10000 MHz (±200) and 32000 MHz (±1000); the solution sets the limit to
// 26000 MHz, from 10000 MHz as the lab opens, in steps of 1000.
const LAB = 'cpu-limit-16vcpu';
const ANSWERS = [['granted-now', '10000'], ['no-limit', '32000']];
const CONTROL = `input[type="range"][data-testid="control-analytics-limit"]`;
const START_MHZ = 10000;
const SOLUTION_MHZ = 26000;
const STEP_MHZ = 1000;

let server;
const pageErrors = [];

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; returns the presses. */
async function tabTo(page, selector, { back = false, max = 200 } = {}) {
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await page.evaluate((s) => {
      const el = document.activeElement;
      if (!el || el === document.body) return { match: false, desc: 'body' };
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        match: el.matches(s),
        desc: `<${el.tagName.toLowerCase()} ${el.dataset.testid ?? el.id ?? ''}>`,
        visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden',
        outline: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none',
      };
    }, selector);
    if (f.desc !== 'body') {
      assert.ok(f.visible, `Tab #${i} focused an invisible ${f.desc}`);
      assert.ok(f.outline, `Tab #${i} focused ${f.desc} without a visible focus indicator`);
    }
    if (f.match) return i;
  }
  throw new Error(`${selector} not reached with ${max} ${back ? 'Shift+Tab' : 'Tab'} presses`);
}

const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? null);

describe('a lab done with the keyboard only', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, SUBPATH);
  });
  after(async () => {
    await server?.close();
  });

  for (const lang of ['en', 'zh-CN']) {
    it(`${lang}: catalog → ${LAB} → answers → commit → ${SOLUTION_MHZ} MHz → every goal passes`, async () => {
      const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-kbd-'));
      const context = await chromium.launchPersistentContext(profile, launchOptions());
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.on('pageerror', (e) => pageErrors.push(String(e)));
        const attr = (s, name) => page.locator(s).first().getAttribute(name);
        const shot = (name) => wholePage(page, path.join(ARTIFACTS, `keyboard-${name}-${lang}.png`));
        let presses = 0;
        const tab = async (s, o) => { presses += await tabTo(page, s, o); };
        await page.goto(`${server.url}#/`);
        await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });

        if (lang !== 'en') {
          // The language select: ArrowDown moves to the next language (简体中文).
          await tab('select[data-testid="lang-select"]');
          await page.keyboard.press('ArrowDown');
          await waitFor(async () => (await attr('html', 'lang')) === lang, `html[lang="${lang}"]`);
        }

        // The catalog: Tab to the lab's link, Enter opens it.
        await tab(`a[data-testid="lab-link-${LAB}"]`);
        await page.keyboard.press('Enter');
        await page.locator(`[data-testid="lab-page"][data-lab="${LAB}"]`).waitFor({ timeout: LOAD_MS });
        await page.locator('[data-testid="questions"][data-state="asking"]').waitFor({ timeout: LOAD_MS });
        // The route change moves focus to the page; Tab onwards from there.
        for (const [id, value] of ANSWERS) {
          await tab(`[data-testid="question-input-${id}"]`);
          await page.keyboard.type(value);
        }
        // Shift+Tab back to the first answer and forth again: it kept its value.
        await tab(`[data-testid="question-input-${ANSWERS[0][0]}"]`, { back: true });
        assert.equal(await page.locator(`[data-testid="question-input-${ANSWERS[0][0]}"]`).inputValue(), ANSWERS[0][1]);
        await shot('answers');
        await tab('button[data-testid="commit-answers"]');
        await page.keyboard.press('Enter');
        await page.locator('[data-testid="questions"][data-state="revealed"]').waitFor({ timeout: LOAD_MS });
        const score = await page.locator('[data-testid="question-score"]').innerText();
        assert.ok(score.includes(lang === 'en' ? '2 of 2' : '答对 2 个'), `score: ${score}`);

        // The control: arrow keys on the slider, one step each.
        await tab(CONTROL);
        assert.equal(Number(await page.locator(CONTROL).inputValue()), START_MHZ);
        for (let v = START_MHZ; v < SOLUTION_MHZ; v += STEP_MHZ) await page.keyboard.press('ArrowRight');
        // One too far and back: arrows both ways.
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowLeft');
        await waitFor(async () => Number(await page.locator(CONTROL).inputValue()) === SOLUTION_MHZ, `the limit at ${SOLUTION_MHZ}`);
        assert.equal(await focused(page), 'control-analytics-limit', 'the slider kept the focus while the run redrew');
        await page.locator('[data-testid="all-passed"]').waitFor({ timeout: LOAD_MS });
        const goals = await page.locator('li[data-testid^="goal-"]').evaluateAll((ls) => ls.map((l) => [l.dataset.testid, l.dataset.passed]));
        assert.ok(goals.length >= 2, `goals: ${JSON.stringify(goals)}`);
        for (const [id, passed] of goals) assert.equal(passed, 'true', `${id} passed`);
        await shot('solved');
        console.log(`${lang}: the lab done with ${presses} Tab/Shift+Tab presses`);
      } finally {
        await context.close();
        await fs.rm(profile, { recursive: true, force: true });
      }
    });
  }

  it('never panicked', () => assert.deepEqual(pageErrors, []));
});
