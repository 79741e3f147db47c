// Presenter mode against the release build (dist/, or VLAB_DIST=<dir>): a
// teacher's link turns it on; the projector theme, large type and folded
// instructions; the keyboard shortcuts (play/pause, step, back, reset, next
// goal) and their help overlay on `?`; answers and the reference solution
// hidden by a link and released by another. In English and in 简体中文, with
// screenshots. Run with:
//   node --test --test-reporter=spec tests/e2e/presenter.test.mjs
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

// cpu-limit-16vcpu: two questions, a limit slider, a timeline of samples.
const LAB = 'cpu-limit-16vcpu';
const CONTROL = `input[type="range"][data-testid="control-analytics-limit"]`;
const ANSWERS = [['granted-now', '10000'], ['no-limit', '32000']];

let server;
const pageErrors = [];

describe('presenter mode and hidden answers', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, '/');
  });
  after(async () => {
    await server?.close();
  });

  /** A fresh browser profile in `lang`, at `hash`. */
  async function open(lang, hash) {
    const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-present-'));
    const context = await chromium.launchPersistentContext(profile, launchOptions());
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.url}#/`);
    await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
    if (lang !== 'en') {
      await page.selectOption('[data-testid="lang-select"]', lang);
      await waitFor(async () => (await page.getAttribute('html', 'lang')) === lang, `html[lang=${lang}]`);
    }
    await page.goto(`${server.url}${hash}`);
    await page.locator(`[data-testid="lab-page"][data-lab="${LAB}"]`).waitFor({ timeout: LOAD_MS });
    const close = async () => {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    };
    return { page, close };
  }

  const shotOf = (page, lang) => (name) =>
    page.screenshot({ path: path.join(ARTIFACTS, `presenter-${name}-${lang}.png`), fullPage: false });

  for (const lang of ['en', 'zh-CN']) {
    it(`${lang}: a link turns presenter mode on; the shortcuts drive the lab; ? shows them`, async () => {
      const { page, close } = await open(lang, `#/lab/${LAB}?present=on`);
      const shot = shotOf(page, lang);
      try {
        await waitFor(async () => (await page.getAttribute('html', 'data-presenter')) === 'on', 'presenter mode on');
        assert.equal(await page.getAttribute('html', 'data-theme'), 'projector');
        assert.equal(await page.locator('[data-testid="presenter-toggle"]').getAttribute('aria-pressed'), 'true');
        const fontPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
        assert.ok(fontPx >= 24, `large type: ${fontPx}px`);
        // The instructions are folded; the link's flag is not a control value.
        const folded = page.locator('[data-testid="instructions-folded"]');
        assert.equal(await folded.evaluate((d) => d.open), false, 'instructions folded');
        assert.equal(await page.locator('[data-testid="share-error"]').count(), 0, 'present=on is no control');

        // Explore (no predictions) so the timeline shows.
        await page.locator('[data-testid="explore"]').click();
        await page.locator('[data-testid="timeline"]').waitFor({ timeout: LOAD_MS });
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        const time = async () => Number(await page.locator('[data-testid="time-select"]').inputValue());
        const last = Number(await page.locator('[data-testid="time-select"]').getAttribute('max'));
        assert.equal(await time(), last, 'the lab opens at its last sample');

        // ← back one sample, → forward again.
        await page.keyboard.press('ArrowLeft');
        await waitFor(async () => (await time()) < last, 'one sample back');
        const back = await time();
        await page.keyboard.press('j');
        await waitFor(async () => (await time()) < back, 'j: another sample back');
        await page.keyboard.press('ArrowRight');
        await waitFor(async () => (await time()) === back, '→ one sample forward');

        // k plays, k pauses.
        const play = page.locator('[data-testid="timeline-play"]');
        await page.keyboard.press('k');
        await waitFor(async () => (await play.getAttribute('data-playing')) === 'true', 'playing');
        await page.keyboard.press('k');
        await waitFor(async () => (await play.getAttribute('data-playing')) === 'false', 'paused');

        // n highlights the goals in turn.
        const goals = page.locator('ul.goals > li.goal');
        const n = await goals.count();
        assert.ok(n >= 2, `goals: ${n}`);
        await page.keyboard.press('n');
        await waitFor(async () => (await goals.nth(0).getAttribute('data-goal-focus')) === 'true', 'first goal highlighted');
        await page.keyboard.press('n');
        await waitFor(async () => (await goals.nth(1).getAttribute('data-goal-focus')) === 'true', 'second goal highlighted');
        assert.equal(await goals.nth(0).getAttribute('data-goal-focus'), null, 'one goal at a time');

        // r resets the controls: move the slider, then r.
        const start = await page.locator(CONTROL).inputValue();
        await page.locator(CONTROL).focus();
        await page.keyboard.press('ArrowRight');
        await waitFor(async () => (await page.locator(CONTROL).inputValue()) !== start, 'slider moved');
        // In a field, r is the field's: nothing resets.
        await page.keyboard.press('r');
        assert.notEqual(await page.locator(CONTROL).inputValue(), start, 'r typed in a field does nothing');
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('r');
        await waitFor(async () => (await page.locator(CONTROL).inputValue()) === start, 'r reset the controls');

        // ? opens the help; Escape closes it.
        await page.keyboard.press('Shift+?');
        const help = page.locator('[data-testid="shortcut-help"]');
        await help.waitFor({ timeout: LOAD_MS });
        assert.equal(await help.getAttribute('role'), 'dialog');
        const rows = await help.locator('tbody tr').count();
        assert.equal(rows, 8, 'every shortcut listed');
        const text = await help.innerText();
        assert.ok(text.includes(lang === 'en' ? 'Play or pause' : '播放或暂停'), `help in ${lang}: ${text}`);
        assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'shortcut-help-close', 'focus in the dialog');
        await shot('help');
        await page.keyboard.press('Escape');
        await help.waitFor({ state: 'detached', timeout: LOAD_MS });
        // The help button opens it too.
        await page.locator('[data-testid="shortcut-help-open"]').click();
        await help.waitFor({ timeout: LOAD_MS });
        await page.locator('[data-testid="shortcut-help-close"]').click();
        await help.waitFor({ state: 'detached', timeout: LOAD_MS });
        await shot('lab');

        // p leaves presenter mode; the student's theme is back.
        await page.keyboard.press('p');
        await waitFor(async () => (await page.getAttribute('html', 'data-presenter')) === null, 'presenter mode off');
        assert.notEqual(await page.getAttribute('html', 'data-theme'), 'projector');
        assert.equal(await page.locator('[data-testid="instructions-folded"]').count(), 0, 'instructions unfolded');
        // Without presenter mode the letters are the page's again.
        await page.keyboard.press('Shift+?');
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(await help.count(), 0, 'no shortcuts outside presenter mode');
      } finally {
        await close();
      }
    });

    it(`${lang}: answers hidden by a link stay hidden until a link releases them`, async () => {
      const { page, close } = await open(lang, `#/lab/${LAB}?answers=hidden`);
      const shot = shotOf(page, lang);
      try {
        await page.locator('[data-testid="answers-hidden"]').waitFor({ timeout: LOAD_MS });
        assert.equal(await page.locator('[data-testid="apply-solution"]').count(), 0, 'no solution button');
        for (const [id, value] of ANSWERS) await page.locator(`[data-testid="question-input-${id}"]`).fill(value);
        await page.locator('[data-testid="commit-answers"]').click();
        const questions = page.locator('[data-testid="questions"]');
        await waitFor(async () => (await questions.getAttribute('data-state')) === 'recorded', 'answers recorded, not judged');
        assert.equal(await page.locator('[data-testid="question-score"]').count(), 0, 'no score');
        assert.equal(await page.locator('[data-expected]').count(), 0, 'no expected answer in the page');
        const text = await questions.innerText();
        assert.ok(text.includes('10000'), `the student's answer is shown: ${text}`);
        await shot('answers-hidden');
        // A reload keeps them hidden (the browser remembers the teacher's link).
        await page.goto(`${server.url}#/lab/${LAB}`);
        await page.reload();
        await page.locator('[data-testid="answers-hidden"]').waitFor({ timeout: LOAD_MS });
        // The teacher's release link: judged answers and the solution button.
        await page.goto(`${server.url}#/lab/${LAB}?answers=released`);
        await waitFor(async () => (await questions.getAttribute('data-state')) === 'revealed', 'answers judged');
        await page.locator('[data-testid="question-score"]').waitFor({ timeout: LOAD_MS });
        assert.equal(await page.locator('[data-testid="apply-solution"]').count(), 1, 'solution button back');
        assert.equal(await page.locator('[data-testid="answers-hidden"]').count(), 0);
        await shot('answers-released');
      } finally {
        await close();
      }
    });
  }

  it('never panicked', () => assert.deepEqual(pageErrors, []));
});
