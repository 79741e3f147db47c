// A/B comparison against the release build (dist/, or VLAB_DIST=<dir>):
// turn comparison on from the keyboard, switch the controls to B with the
// A/B switch, change B, and read A and B side by side: the vMotion's time
// and downtime differ as the model says (read from the page's A | B | Δ
// table, not hard-coded), the goals under each side, B's dashed lines in
// the charts (their data tables list an A and a B column per VM); a shared
// link carries B; DRS off against on over a day. In English and in 简体中文,
// with screenshots at 1366 px wide. Run with:
//   node --test --test-reporter=spec tests/e2e/compare.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { AxeBuilder } from '../../tools/node_modules/@axe-core/playwright/dist/index.mjs';
import { LOAD_MS, explore, launchOptions, waitFor } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');

const VMOTION = 'vmotion-1g-vs-10g';
const DRS = 'drs-diurnal-day';
const WORDS = {
  en: { ab: 'Compare A/B', editingB: 'Setting B: the controls change B', same: 'same' },
  'zh-CN': { ab: 'A/B 对比', editingB: '设置 B：控件修改 B', same: '相同' },
};

let server;
const pageErrors = [];

describe('A/B comparison', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, '/');
  });
  after(async () => {
    await server?.close();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });

  /** A fresh browser profile 1366 px wide in `lang`, at lab `lab` (with `query`), predictions skipped. */
  async function open(lang, lab, query = '') {
    const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-compare-'));
    const context = await chromium.launchPersistentContext(profile, launchOptions({ viewport: { width: 1366, height: 900 } }));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.url}#/`);
    await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
    if (lang !== 'en') {
      await page.selectOption('[data-testid="lang-select"]', lang);
      await waitFor(async () => (await page.getAttribute('html', 'lang')) === lang, `html[lang=${lang}]`);
    }
    await page.goto(`${server.url}#/lab/${lab}${query}`);
    await page.locator(`[data-testid="lab-page"][data-lab="${lab}"]`).waitFor({ timeout: LOAD_MS });
    await explore(page);
    const close = async () => {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    };
    return { page, close };
  }

  /** The A, B and Δ cells of a row of the A | B | Δ table. */
  async function row(page, testid) {
    const cells = page.locator(`[data-testid="${testid}"] td`);
    await cells.first().waitFor({ timeout: LOAD_MS });
    const [a, b, delta] = await cells.allInnerTexts();
    return { a: a.trim(), b: b.trim(), delta: delta.trim() };
  }

  /** The column heads of a chart's data table (opened first). */
  async function chartColumns(page, testid) {
    const details = page.locator(`[data-testid="${testid}-table"]`);
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    const heads = details.locator('thead th');
    await heads.first().waitFor({ timeout: LOAD_MS });
    return heads.allInnerTexts();
  }

  const shot = (page, name, lang) => page.screenshot({ path: path.join(ARTIFACTS, `compare-${name}-${lang}.png`) });

  for (const lang of ['en', 'zh-CN']) {
    it(`${lang}: 1 GbE (A) against 10 GbE (B): the vMotion's times, goals and chart lines side by side`, async () => {
      const { page, close } = await open(lang, VMOTION);
      try {
        const toggle = page.locator('[data-testid="ab-compare"]');
        assert.equal(await page.locator('[data-testid="ab-bar"]').innerText().then((t) => t.includes(WORDS[lang].ab)), true);
        assert.equal(await page.locator('[data-testid="ab-switch"]').count(), 0, 'no A/B switch before comparing');
        // On from the keyboard.
        await toggle.focus();
        await page.keyboard.press('Space');
        const ab = page.locator('[data-testid="ab-switch"]');
        await ab.waitFor({ timeout: LOAD_MS });
        assert.equal(await ab.getAttribute('data-editing'), 'A');
        await page.locator('[data-testid="compare-panel"]').waitFor({ timeout: LOAD_MS });
        // B starts as a copy of A: nothing differs yet.
        const before = await row(page, 'cmp-vm-erp-migration_total_s');
        assert.equal(before.a, before.b, 'B is a copy of A');
        assert.equal(before.delta, WORDS[lang].same);

        // Switch the controls to B (Enter on the switch) and give B 10 GbE on both hosts.
        await ab.focus();
        await page.keyboard.press('Enter');
        await waitFor(async () => (await ab.getAttribute('data-editing')) === 'B', 'editing B');
        assert.ok((await page.locator('[data-testid="ab-editing"]').innerText()).includes(WORDS[lang].editingB));
        await page.selectOption('[data-testid="control-esx1-gbps"]', '10');
        await page.selectOption('[data-testid="control-esx2-gbps"]', '10');

        // A and B differ as the model says: B's vMotion is faster and stops the VM for less.
        await waitFor(async () => {
          const r = await row(page, 'cmp-vm-erp-migration_total_s');
          return r.a !== r.b;
        }, 'B differs from A');
        const total = await row(page, 'cmp-vm-erp-migration_total_s');
        assert.ok(Number(total.b) < Number(total.a), `B is faster: ${JSON.stringify(total)}`);
        assert.ok(total.delta.startsWith('−'), `Δ has its sign: ${total.delta}`);
        assert.equal(Number(total.delta.slice(1)).toFixed(1), (Number(total.a) - Number(total.b)).toFixed(1));
        const down = await row(page, 'cmp-vm-erp-migration_downtime_ms');
        assert.ok(Number(down.b) < Number(down.a), `less downtime: ${JSON.stringify(down)}`);
        assert.equal(await page.locator('[data-testid="cmp-vm-erp-migration_downtime_ms"]').getAttribute('data-differs'), 'true');
        // The "fast" goal: not met under A, met under B.
        const fast = page.locator('[data-testid="cmp-goal-fast"]');
        assert.equal(await fast.getAttribute('data-a'), 'false');
        assert.equal(await fast.getAttribute('data-b'), 'true');

        // A kept its values: the controls show A's again when switched back.
        await ab.click();
        await waitFor(async () => (await ab.getAttribute('data-editing')) === 'A', 'editing A');
        assert.equal(await page.locator('[data-testid="control-esx1-gbps"]').inputValue(), '1');
        await ab.click();
        await waitFor(async () => (await page.locator('[data-testid="control-esx1-gbps"]').inputValue()) === '10', "B's value shown");

        // The charts draw B over A: their data tables have an A and a B column per VM.
        const cpu = await chartColumns(page, 'chart-cpu');
        assert.ok(cpu.includes('erp (A)') && cpu.includes('erp (B)'), `CPU chart columns: ${cpu}`);
        const mem = await chartColumns(page, 'chart-mem');
        assert.ok(mem.includes('erp (A)') && mem.includes('erp (B)'), `memory chart columns: ${mem}`);
        assert.ok((await page.locator('[data-testid="chart-cpu"] ~ ul.legend .swatch.dashed').count()) >= 1, 'a dashed legend swatch');

        await page.locator('.ab-bar').scrollIntoViewIfNeeded();
        await shot(page, 'controls-b', lang);
        await page.locator('[data-testid="compare-panel"]').scrollIntoViewIfNeeded();
        await shot(page, 'table', lang);
        await page.locator('[data-testid="chart-cpu"]').scrollIntoViewIfNeeded();
        await shot(page, 'charts', lang);

        // The share link carries B; opened in a fresh profile, it compares again.
        await page.locator('[data-testid="share-box"] summary').click();
        const link = await page.locator('[data-testid="share-link"]').inputValue();
        assert.ok(link.includes('b.esx1-gbps=10') && link.includes('b.esx2-gbps=10'), link);
        const query = link.slice(link.indexOf('?'));
        await close();
        const again = await open(lang, VMOTION, query);
        try {
          await again.page.locator('[data-testid="compare-panel"]').waitFor({ timeout: LOAD_MS });
          const r = await row(again.page, 'cmp-vm-erp-migration_total_s');
          assert.deepEqual(r, total, 'the link reproduces A and B');
          assert.equal(await again.page.locator('[data-testid="compare-link-error"]').count(), 0);
        } finally {
          await again.close();
        }
      } catch (e) {
        await shot(page, 'failure', lang).catch(() => {});
        await close().catch(() => {});
        throw e;
      }
    });

    it(`${lang}: the switch, the side edited and the comparison pass axe in every theme`, async () => {
      const { page, close } = await open(lang, VMOTION);
      try {
        await page.locator('[data-testid="ab-compare"]').check();
        await page.locator('[data-testid="ab-switch"]').click();
        await page.selectOption('[data-testid="control-esx1-gbps"]', '10');
        await page.selectOption('[data-testid="control-esx2-gbps"]', '10');
        await waitFor(async () => (await page.locator('[data-testid="cmp-goal-fast"]').getAttribute('data-b')) === 'true', 'B run');
        for (const theme of ['light', 'dark', 'projector']) {
          await page.locator('select[data-testid="theme-select"]').selectOption(theme);
          await waitFor(async () => (await page.getAttribute('html', 'data-theme')) === theme, `theme ${theme}`);
          await page.waitForTimeout(150);
          // As a11y.test.mjs: the scroll shadows hide the colour behind the text from axe.
          await page.evaluate(() => document.querySelectorAll('.table-scroll').forEach((e) => { e.style.backgroundImage = 'none'; }));
          const result = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
            .include('section.controls')
            .include('[data-testid="compare-panel"]')
            .analyze();
          const bad = result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          assert.deepEqual(bad, [], `${theme}: ${bad.join('\n')}`);
          if (theme === 'projector') {
            await page.locator('.ab-bar').scrollIntoViewIfNeeded();
            await shot(page, 'projector', lang);
          }
        }
      } finally {
        await close();
      }
    });

    it(`${lang}: DRS off (A) against on (B) over a simulated day`, async () => {
      const { page, close } = await open(lang, DRS);
      try {
        await page.locator('[data-testid="ab-compare"]').check();
        const ab = page.locator('[data-testid="ab-switch"]');
        await ab.click();
        await waitFor(async () => (await ab.getAttribute('data-editing')) === 'B', 'editing B');
        const drs = page.locator('[data-testid="control-drs"]');
        assert.equal(await drs.isChecked(), false, 'B starts as A: DRS off');
        await drs.check();
        await waitFor(async () => {
          const r = await row(page, 'cmp-cluster-drs_moves');
          return r.a === '0' && r.b !== '0';
        }, 'A has no DRS moves, B has some', 60_000);
        const moves = await row(page, 'cmp-cluster-drs_moves');
        assert.equal(moves.delta, `+${moves.b}`);
        // Only the rows that differ.
        await page.locator('[data-testid="compare-only-diff"]').check();
        const shown = page.locator('[data-testid="compare-table"] tr[data-differs]');
        const flags = await shown.evaluateAll((rows) => rows.map((r) => r.dataset.differs));
        assert.ok(flags.length > 0 && flags.every((f) => f === 'true'), `${flags}`);
        const heads = await chartColumns(page, 'chart-cpu');
        assert.ok(heads.some((h) => h.endsWith('(B)')), `${heads}`);
        await page.locator('[data-testid="compare-panel"]').scrollIntoViewIfNeeded();
        await shot(page, 'drs-table', lang);
        await page.locator('[data-testid="chart-cpu"]').scrollIntoViewIfNeeded();
        await shot(page, 'drs-charts', lang);
        // Off again: nothing of B is left.
        await page.locator('[data-testid="ab-compare"]').uncheck();
        await waitFor(async () => (await page.locator('[data-testid="compare-panel"]').count()) === 0, 'panel gone');
        assert.ok(!(await chartColumns(page, 'chart-cpu')).some((h) => h.endsWith('(B)')));
      } finally {
        await close();
      }
    });
  }
});
