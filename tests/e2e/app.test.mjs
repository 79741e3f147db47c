// End-to-end tests of the release build (dist/) in headless Chromium.
// Run with: node --test tests/e2e/   (scripts/test.sh builds dist/ first)
// VLAB_DIST=<dir> tests another build; screenshots land in tests/e2e/artifacts/.
//
// The steps share one browser profile and run in order: later steps check
// that what earlier ones changed (language, progress, theme) was persisted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor, readText, explore as exploreLab, wholePage } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SUBPATH = '/course/vlab/'; // a sub-path proves the build's URLs are relative
const STEP_MS = 90_000;

const LAB = 'mem-admission-64gb';
const sel = {
  catalog: '[data-testid="catalog"]',
  labLink: `a[data-testid="lab-link-${LAB}"]`,
  labProgress: `[data-testid="lab-progress-${LAB}"]`,
  labPage: '[data-testid="lab-page"]',
  chart: 'canvas[data-testid="chart-mem"]',
  goal: 'li[data-testid="goal-vm9-running"]',
  control: 'input[data-testid="control-vm9-reservation"]',
  lang: 'select[data-testid="lang-select"]',
  theme: 'select[data-testid="theme-select"]',
  storageNotice: '[data-testid="storage-notice"]',
};


let server, context, page, profileDir;
let shot = 0;
const requests = []; // every URL the browser asked for
const failures = []; // responses >= 400
const pageErrors = []; // uncaught exceptions and wasm panics
const cspViolations = []; // what the page's Content-Security-Policy refused

/** Labs ask their questions first; a step about the run explores: the
 *  whole outcome at once (the choice is kept per lab). */
const explore = () => exploreLab(page);

async function snap(name) {
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await wholePage(page, file);
}

const visible = (s, timeout = LOAD_MS) => page.locator(s).first().waitFor({ state: 'visible', timeout });
const attr = (s, name) => page.locator(s).first().getAttribute(name);
const chartData = () => page.locator(sel.chart).evaluate((c) => c.toDataURL());
// A canvas still blank (nothing drawn yet) encodes like a fresh one of its size.
const chartDrawn = () =>
  page.locator(sel.chart).evaluate((c) => {
    const blank = document.createElement('canvas');
    blank.width = c.width;
    blank.height = c.height;
    return c.width > 0 && c.toDataURL() !== blank.toDataURL();
  });

/** Sets a range input the way a user's drag does: new value, then input and change events. */
async function setRange(s, value) {
  await page.locator(s).evaluate((el, v) => {
    el.focus();
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, String(value));
}

describe('vlab in a browser', { timeout: 10 * STEP_MS }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, SUBPATH);
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-'));
    // The machine's launch flags: see support.mjs.
    context = await chromium.launchPersistentContext(profileDir, launchOptions());
    // Every page reports what its CSP refuses (Playwright's init scripts are exempt from it).
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    context.on('request', (r) => requests.push(r.url()));
    context.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) pageErrors.push(m.text());
      if (/^Refused to|violates the following Content Security Policy|^CSP violation/.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
  });

  it('shows the catalog with the 64 GB admission lab', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await visible(`${sel.catalog} ${sel.labLink}`);
    await snap('catalog-en');
  });

  let before0;
  it('opens the lab: chart drawn, goal "VM 9 running" not yet passed', { timeout: STEP_MS }, async () => {
    await page.locator(sel.labLink).click();
    await visible(sel.labPage);
    // An exercise: the questions come first, the run stays hidden.
    await visible('[data-testid="questions"][data-state="asking"]');
    assert.equal(await page.locator(sel.chart).count(), 0, 'the chart is hidden until the student commits');
    assert.equal(await page.locator(sel.goal).count(), 0, 'the goals are hidden until the student commits');
    await snap('lab-asks-en');
    await explore();
    await visible(sel.chart);
    // Charts draw once near the screen (src/common/near_viewport.rs).
    await page.locator(sel.chart).scrollIntoViewIfNeeded();
    await waitFor(chartDrawn, 'the memory chart to be drawn');
    before0 = await chartData();
    assert.equal(await attr(sel.goal, 'data-passed'), 'false');
    await snap('lab-en');
  });

  it('setting the VM 9 reservation to 0 passes the goal and redraws the chart', { timeout: STEP_MS }, async () => {
    await setRange(sel.control, 0);
    await waitFor(async () => (await attr(sel.goal, 'data-passed')) === 'true', 'goal-vm9-running data-passed="true"');
    await page.locator(sel.chart).scrollIntoViewIfNeeded();
    await waitFor(async () => (await chartData()) !== before0, 'the memory chart to change');
    await snap('lab-solved-en');
  });

  it('switches to Chinese', { timeout: STEP_MS }, async () => {
    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await waitFor(async () => (await page.locator('body').innerText()).includes('预留'), 'the Chinese word 预留 on the page');
    await snap('lab-zh');
  });

  // A save waits a moment after a change (src/state/storage.rs); leaving
  // the page saves at once.
  it('a change made just before a reload is kept', { timeout: STEP_MS }, async () => {
    const max = await page.locator(sel.control).getAttribute('max');
    for (const value of [max, '0']) {
      await setRange(sel.control, value);
      await page.reload();
      await visible(sel.labPage);
      await waitFor(async () => (await page.locator(sel.control).inputValue()) === value, `control value ${value} after an immediate reload`);
    }
  });

  it('keeps language, control value and goal state across a reload', { timeout: STEP_MS }, async () => {
    await page.reload();
    await visible(sel.labPage);
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"] after reload');
    await waitFor(async () => Number(await page.locator(sel.control).inputValue()) === 0, 'control value 0 after reload');
    await waitFor(async () => (await attr(sel.goal, 'data-passed')) === 'true', 'goal still passed after reload');
    await snap('lab-reloaded-zh');
    await page.evaluate(() => { window.location.hash = '#/'; });
    await visible(sel.catalog);
    await waitFor(async () => Number(await attr(sel.labProgress, 'data-passed')) >= 1, 'lab progress data-passed >= 1');
    await snap('catalog-progress-zh');
  });

  it('projector theme applies and survives a reload', { timeout: STEP_MS }, async () => {
    await page.locator(sel.theme).selectOption('projector');
    await waitFor(async () => (await attr('html', 'data-theme')) === 'projector', 'html[data-theme="projector"]');
    await page.reload();
    await visible(sel.catalog);
    await waitFor(async () => (await attr('html', 'data-theme')) === 'projector', 'projector theme after reload');
    await snap('catalog-projector-zh');
  });

  it('survives corrupted storage: renders the catalog and a notice', { timeout: STEP_MS }, async () => {
    await page.evaluate(() => localStorage.setItem('vlab.state', '{not json'));
    await page.reload();
    await visible(sel.catalog);
    await visible(sel.storageNotice);
    await snap('corrupted-storage');
  });

  it('reaches the language select with the keyboard, with a visible focus', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/`);
    await page.reload(); // start with focus on the document, not on a leftover element
    await visible(sel.catalog);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate((langSel) => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        return {
          tag: el.tagName,
          visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden',
          outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
          isLang: el.matches(langSel),
        };
      }, sel.lang);
      assert.ok(f, `Tab #${i + 1} left focus nowhere`);
      assert.ok(f.visible, `Tab #${i + 1} focused an invisible <${f.tag}>`);
      assert.ok(f.outline, `Tab #${i + 1} focused <${f.tag}> without a visible focus outline`);
      reached = f.isLang;
    }
    assert.ok(reached, 'the language select was not reached within 40 Tab presses');
    await snap('keyboard-focus');
  });

  it('a shared link opens a lab with its control values; a bad one says what is wrong', { timeout: STEP_MS }, async () => {
    const goal = 'li[data-testid="goal-db-protected"]';
    await page.goto(`${server.url}#/lab/shares-contention?db-shares=high&batch-shares=low`);
    await explore();
    await visible('[data-testid="lab-page"]');
    await waitFor(async () => (await attr(goal, 'data-passed')) === 'true', 'goal-db-protected passed from the link');
    await waitFor(async () => (await page.evaluate(() => location.hash)) === '#/lab/shares-contention', 'the query dropped after applying');
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    assert.ok(link.includes('#/lab/shares-contention?') && link.includes('db-shares=high'), `share link: ${link}`);
    await snap('shared-link');
    await page.goto(`${server.url}#/lab/cpu-limit-16vcpu?analytics-limit=lots`);
    await visible('[data-testid="share-error"]');
    const text = await page.locator('[data-testid="share-error"]').innerText();
    assert.ok(text.includes('analytics-limit') && text.includes('2000 to 32000'), text);
    await snap('shared-link-error');
  });

  it('turning Storage I/O Control on gives the small VMs their I/O back', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/lab/sioc-noisy-neighbour`);
    await explore();
    await visible('[data-testid="storage"]');
    // The previous step's bad link belonged to another lab.
    assert.equal(await page.locator('[data-testid="share-error"]').count(), 0, 'a stale shared-link error');
    const webIops = () => page.locator('[data-testid="disk-web"] td').nth(2).innerText();
    const goal = 'li[data-testid="goal-web-iops"]';
    assert.equal(await attr(goal, 'data-passed'), 'false');
    const before = Number(await webIops());
    assert.ok(before < 950, `web gets ${before} IOPS before SIOC`);
    await page.locator('input[data-testid="control-sioc"]').check();
    await waitFor(async () => (await attr(goal, 'data-passed')) === 'true', 'goal-web-iops passed with SIOC on');
    assert.equal(Number(await webIops()), 1000);
    await visible('canvas[data-testid="chart-latency"]');
    await snap('sioc-on');
  });

  it("the pool tree shows each pool's reservation, limit and shares; a refusal names the limit", { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/lab/pool-limit-stops-borrowing`);
    await explore();
    await visible('[data-testid="pool-table"]');
    const dev = await readText(page.locator('[data-testid="pool-RP-DEV"]'));
    assert.ok(dev.includes('5000') && dev.includes('2000'), `RP-DEV row: ${dev}`);
    await visible('[data-testid="cluster-state"]');
    const log = await readText(page.locator('.events'));
    assert.ok(/t3/.test(log) && /RP-DEV/.test(log), `event log: ${log}`);
    await snap('pool-limit');
  });

  it('a memory lab shows where each VM\'s memory is and the host memory state', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/lab/idle-memory-tax`);
    await explore();
    await visible('canvas[data-testid="mem-chart"]');
    await visible('canvas[data-testid="host-mem-chart"]');
    const state = await attr('[data-testid="host-mem-state"]', 'data-state');
    assert.ok(['high', 'clear', 'soft', 'hard', 'low'].includes(state), `state ${state}`);
    assert.ok((await readText(page.locator('[data-testid="mem-table"]'))).includes('busy'));
    await snap('memory-lab');
    // A CPU lab whose host never runs short of memory shows no memory charts.
    await page.goto(`${server.url}#/lab/shares-contention`);
    await explore();
    await visible('canvas[data-testid="chart-cpu"]');
    assert.equal(await page.locator('canvas[data-testid="mem-chart"]').count(), 0);
  });

  it('a migration lab shows every pre-check, and SDPS makes the migration converge', { timeout: STEP_MS }, async () => {
    // A VM the pre-checks refuse: each failed check is listed with its fix.
    await page.goto(`${server.url}#/lab/vmotion-prechecks`);
    await explore();
    await visible('[data-testid="migration-0"]');
    assert.equal(await attr('[data-testid="migration-0"]', 'data-outcome'), 'refused');
    assert.equal(await attr('[data-testid="check-0-maintenance_mode"]', 'data-passed'), 'false');
    assert.equal(await attr('[data-testid="check-0-cpu_vendor"]', 'data-passed'), 'true');
    await snap('migration-refused');
    // Without SDPS the cache VM is stunned for 16 s; with it, under 1 s.
    await page.goto(`${server.url}#/lab/vmotion-sdps`);
    await explore();
    await visible('canvas[data-testid="migration-phases-chart-0"]');
    assert.equal(await attr('[data-testid="goal-downtime"]', 'data-passed'), 'false');
    await page.locator('[data-testid="control-sdps"]').check();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="goal-downtime"]')?.dataset.passed === 'true',
      null,
      { timeout: LOAD_MS },
    );
    assert.equal(await attr('[data-testid="migration-0"]', 'data-outcome'), 'completed');
    assert.ok((await page.locator('[data-testid="migration-0"]').innerText()).includes('SDPS'));
    await snap('migration-sdps');
  });

  // The figures below are those of `vlab run labs/ha-slot-size.toml --json`
  // (and `--solution --json`): the vSphere Availability Guide's example.
  const slotRows = () =>
    page.locator('[data-testid="ha-slot-picture"] [data-testid^="slot-row-"]').evaluateAll((rows) =>
      rows.map((r) => ({
        host: r.dataset.host,
        slots: Number(r.dataset.slots),
        used: Number(r.dataset.used),
        held: Number(r.dataset.held),
      })),
    );

  it("an HA lab shows each host's slots as the CLI computes them; the solution passes its goals", { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    await page.locator('a[data-testid="lab-link-ha-slot-size"]').click();
    await explore();
    await visible('[data-testid="ha-view"]');
    await visible('[data-testid="ha-summary"]');
    assert.equal(await attr('[data-testid="ha-summary"]', 'data-policy'), 'slots');
    // Before the fix: a 2 GHz / 2 GB slot, 4 + 3 + 3 slots, db refused.
    assert.ok((await page.locator('[data-testid="ha-slot-size"]').innerText()).includes('2000 MHz / 2048 MB'));
    const slots = await page.locator('[data-testid="ha-slots"]').first().innerText();
    assert.ok(slots.includes('10 in total, 5 used, 4 held back for failover, 1 available'), `slots: ${slots}`);
    assert.ok((await page.locator('[data-testid="ha-failover-capacity"]').innerText()).includes('1 host failure'));
    await visible('[data-testid="ha-slot-picture"]');
    let rows = await slotRows();
    assert.deepEqual(rows.map((r) => [r.host, r.slots, r.used]), [['esx1', 4, 3], ['esx2', 3, 1], ['esx3', 3, 1]]);
    assert.equal(rows.reduce((n, r) => n + r.held, 0), 4, 'slots held back for failover');
    // The table behind the picture, opened as a user does.
    await page.locator('[data-testid="ha-slots"] details > summary').click();
    await visible('[data-testid="ha-slots-table"]');
    assert.equal(await page.locator('[data-testid="ha-slots-table"] tbody tr').count(), 3);
    assert.equal(await attr('li[data-testid="goal-db-on"]', 'data-passed'), 'false');
    assert.equal(await attr('li[data-testid="goal-no-denial"]', 'data-passed'), 'false');
    assert.equal(await attr('li[data-testid="goal-tolerates-one"]', 'data-passed'), 'true');
    await snap('ha-slots-en');
    // The reference solution fixes the slot at 1000 MHz / 1024 MB: 9 + 6 + 6 slots, db on.
    await page.locator('[data-testid="apply-solution"]').click();
    await waitFor(async () => (await attr('li[data-testid="goal-db-on"]', 'data-passed')) === 'true', 'goal-db-on passed');
    assert.equal(await attr('li[data-testid="goal-no-denial"]', 'data-passed'), 'true');
    assert.equal(await attr('li[data-testid="goal-tolerates-one"]', 'data-passed'), 'true');
    await visible('[data-testid="all-passed"]');
    assert.ok((await page.locator('[data-testid="ha-slot-size"]').innerText()).includes('1000 MHz / 1024 MB'));
    rows = await slotRows();
    assert.deepEqual(rows.map((r) => [r.host, r.slots, r.used]), [['esx1', 9, 8], ['esx2', 6, 2], ['esx3', 6, 2]]);
    assert.equal(rows.reduce((n, r) => n + r.held, 0), 9, 'slots held back for failover');
    await snap('ha-slots-solved-en');
  });

  it('the HA lab in Chinese names the slots and the goals in Chinese', { timeout: STEP_MS }, async () => {
    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await waitFor(
      async () => (await page.locator('[data-testid="ha-view"]').innerText()).includes('每台主机的插槽'),
      'the Chinese heading 每台主机的插槽 in the HA view',
    );
    assert.ok((await page.locator('[data-testid="ha-slot-size"]').innerText()).includes('插槽大小'));
    assert.ok((await page.locator('li[data-testid="goal-db-on"]').innerText()).includes('db 已开机'));
    assert.equal(await page.locator('[data-testid="ha-slot-picture"] [data-testid^="slot-row-"]').count(), 3);
    await snap('ha-slots-zh');
  });

  it('an HA restart lab lists the host failure and the restarts on its timeline', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/lab/ha-restart-priority`);
    await explore();
    await visible('[data-testid="ha-timeline"]');
    await visible('[data-testid="ha-timeline-list"]');
    const list = '[data-testid="ha-timeline-list"]';
    const at = (t, kind) => page.locator(`${list} li.tl-group[data-t="${t}"] li[data-kind="${kind}"]`);
    // esx1, the master, crashes at 60 s; the new master restarts at 95 s: test and dev fit, app and db do not.
    assert.equal(await at(60, 'host_failed').count(), 1);
    assert.ok((await at(60, 'host_failed').innerText()).includes('主机故障'), 'the Chinese tag 主机故障');
    assert.equal(await at(85, 'master_elected').count(), 1);
    const restarted = async () => (await at(95, 'vm_restarted').allInnerTexts()).join(' | ');
    assert.equal(await at(95, 'vm_restarted').count(), 2);
    assert.ok(/test/.test(await restarted()) && /dev/.test(await restarted()), await restarted());
    assert.equal(await at(95, 'vm_restart_failed').count(), 2);
    assert.ok((await page.locator('[data-testid="ha-timeline"]').innerText()).includes('HA 时间线'));
    assert.ok(await page.locator('[data-testid="slot-row-esx1"]').evaluate((r) => r.classList.contains('failed')));
    assert.equal(await attr('li[data-testid="goal-db-restarted"]', 'data-passed'), 'false');
    await snap('ha-timeline-zh');
    // With app and db at high priority, they take the two free places at 95 s.
    await page.locator('[data-testid="apply-solution"]').click();
    await waitFor(async () => (await attr('li[data-testid="goal-db-restarted"]', 'data-passed')) === 'true', 'goal-db-restarted passed');
    await waitFor(async () => /app/.test(await restarted()) && /db/.test(await restarted()), 'app and db restarted at 95 s');
    assert.equal(await attr('li[data-testid="goal-db-back"]', 'data-passed'), 'true');
    assert.equal(await attr('li[data-testid="goal-app-back"]', 'data-passed'), 'true');
    await snap('ha-timeline-solved-zh');
  });

  // The figures below are those of `vlab run labs/drs-manual-mode.toml --json`
  // (with `--set drs.approved=1`, and `--solution`, which sets it to 2): DRS
  // recommends #1 erp esx1 → esx3 (imbalance 0.281 → 0.135) and #2 report
  // esx1 → esx2 (0.135 → 0.041) against a target of 0.115.
  const recs = () =>
    page.locator('[data-testid="drs-recs"] tr[data-testid^="drs-rec-"]').evaluateAll((rows) =>
      rows.map((r) => ({
        n: r.dataset.testid.replace('drs-rec-', ''),
        state: r.dataset.state,
        vm: r.cells[3].innerText.trim(),
        move: r.cells[4].innerText.trim(),
      })),
    );
  const recState = (n) => attr(`[data-testid="drs-rec-${n}"]`, 'data-state');
  // Any canvas, as chartDrawn: drawn when it no longer encodes like a blank one.
  const canvasDrawn = (s) =>
    page.locator(s).first().evaluate((c) => {
      const blank = document.createElement('canvas');
      blank.width = c.width;
      blank.height = c.height;
      return c.width > 0 && c.height > 0 && c.toDataURL() !== blank.toDataURL();
    });

  it('a DRS lab in manual mode: the Apply buttons, pressed with the keyboard, apply the recommendations in order', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    await page.locator('a[data-testid="lab-link-drs-manual-mode"]').click();
    await explore();
    await visible('[data-testid="drs-view"]');
    await visible('[data-testid="drs-summary"]');
    const summary = '[data-testid="drs-summary"]';
    const control = 'input[data-testid="control-approved"]';
    assert.equal(await attr(summary, 'data-automation'), 'manual');
    // Nothing applied: two recommendations wait, the imbalance stays above its target.
    assert.deepEqual(await recs(), [
      { n: '1', state: 'waiting', vm: 'erp', move: 'esx1 → esx3' },
      { n: '2', state: 'waiting', vm: 'report', move: 'esx1 → esx2' },
    ]);
    assert.equal(await attr(summary, 'data-within'), 'false');
    assert.ok((await page.locator('[data-testid="drs-badge"]').innerText()).includes('above target'));
    const imbalance = () => page.locator('[data-testid="drs-imbalance"]').innerText();
    assert.ok(/0\.281\b/.test(await imbalance()) && /0\.115\b/.test(await imbalance()), await imbalance());
    const pending = await page.locator('[data-testid="drs-pending"]').innerText();
    assert.ok(pending.includes('#1, #2'), `pending: ${pending}`);
    assert.equal(await attr('li[data-testid="goal-within-target"]', 'data-passed'), 'false');
    assert.equal(await attr('li[data-testid="goal-none-waiting"]', 'data-passed'), 'false');
    assert.equal(await page.locator('[data-testid="all-passed"]').count(), 0);
    assert.equal(await page.locator(control).inputValue(), '0');
    // #2's button applies #1 too; #1's applies #1 alone.
    assert.equal((await page.locator('[data-testid="drs-apply-1"]').innerText()).trim(), 'Apply');
    assert.equal((await page.locator('[data-testid="drs-apply-2"]').innerText()).trim(), 'Apply #1–#2');
    await snap('drs-manual-en');

    // Apply #1 from the keyboard: focus the button, press Enter.
    await page.locator('[data-testid="drs-apply-1"]').focus();
    assert.ok(
      await page.locator('[data-testid="drs-apply-1"]').evaluate((b) => b === document.activeElement),
      'the Apply button of #1 takes the focus',
    );
    await page.keyboard.press('Enter');
    await waitFor(async () => (await recState(1)) === 'applied', 'drs-rec-1 data-state="applied"');
    assert.equal(await recState(2), 'waiting');
    assert.equal(await page.locator(control).inputValue(), '1');
    assert.equal(await page.locator('input[data-testid="control-approved-number"]').inputValue(), '1');
    assert.equal(await page.locator('[data-testid="drs-apply-1"]').count(), 0, 'an applied recommendation has no Apply button');
    // The keyboard keeps its place: focus moved to the row's "#1", which stays.
    assert.equal(
      await page.evaluate(() => document.activeElement && document.activeElement.closest('tr')?.dataset.testid),
      'drs-rec-1',
      'focus stays on recommendation #1 after its button went away',
    );
    // 0.135 is still above 0.115: applying only the first is not enough.
    await waitFor(async () => /0\.135\b/.test(await imbalance()), 'imbalance 0.135 after #1');
    assert.equal(await attr(summary, 'data-within'), 'false');
    assert.ok((await page.locator('[data-testid="drs-badge"]').innerText()).includes('above target'));
    assert.equal(await attr('li[data-testid="goal-within-target"]', 'data-passed'), 'false');
    assert.equal(await attr('li[data-testid="goal-none-waiting"]', 'data-passed'), 'false');
    assert.equal((await page.locator('[data-testid="drs-apply-2"]').innerText()).trim(), 'Apply');
    await snap('drs-manual-one-applied-en');

    // Then #2, from the keyboard as well.
    await page.locator('[data-testid="drs-apply-2"]').focus();
    await page.keyboard.press('Enter');
    await waitFor(async () => (await recState(2)) === 'applied', 'drs-rec-2 data-state="applied"');
    assert.equal(await recState(1), 'applied');
    assert.equal(await page.locator(control).inputValue(), '2');
    assert.equal(await page.locator('[data-testid^="drs-apply-"]').count(), 0, 'no Apply button left');
    await waitFor(async () => (await attr(summary, 'data-within')) === 'true', 'drs-summary data-within="true"');
    assert.ok(/0\.041\b/.test(await imbalance()), await imbalance());
    assert.ok((await page.locator('[data-testid="drs-badge"]').innerText()).includes('within target'));
    assert.equal(await page.locator('[data-testid="drs-pending"]').count(), 0);
    await waitFor(async () => (await attr('li[data-testid="goal-within-target"]', 'data-passed')) === 'true', 'goal-within-target passed');
    assert.equal(await attr('li[data-testid="goal-none-waiting"]', 'data-passed'), 'true');
    await visible('[data-testid="all-passed"]');
    assert.ok((await page.locator('[data-testid="drs-migrations"]').innerText()).includes('2 in the run'));
    await snap('drs-manual-solved-en');
  });

  // `vlab run labs/dpm-night-savings.toml --json`: 22.4 kWh, no standby;
  // with `--solution` (DPM on, target 55 %): 18.2 kWh, esx1..esx3 sleep
  // twice each, esx4 (no IPMI, iLO or Wake-on-LAN) never.
  it('a DPM lab in Chinese: the solution saves energy, and the power timeline shows which hosts slept', { timeout: STEP_MS }, async () => {
    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await page.goto(`${server.url}#/lab/dpm-night-savings`);
    await explore();
    await visible('[data-testid="drs-view"]');
    await visible('[data-testid="dpm-power"]');
    const goal = 'li[data-testid="goal-energy"]';
    assert.equal(await attr(goal, 'data-passed'), 'false');
    assert.ok((await page.locator(goal).innerText()).includes('一天的能耗不超过 19000 Wh'));
    assert.ok((await page.locator('[data-testid="drs-energy"]').innerText()).includes('22.44'));
    await visible('[data-testid="dpm-none"]');
    const spans = (host, state) =>
      page.locator(`[data-testid="dpm-strip"] .strip-lane[data-host="${host}"] .power-span[data-state="${state}"]`).count();
    for (const host of ['esx1', 'esx2', 'esx3', 'esx4']) assert.equal(await spans(host, 'standby'), 0, `${host} in standby with DPM off`);
    await snap('dpm-off-zh');

    await page.locator('[data-testid="apply-solution"]').click();
    await waitFor(async () => (await attr(goal, 'data-passed')) === 'true', 'goal-energy passed');
    assert.equal(await attr('li[data-testid="goal-headroom"]', 'data-passed'), 'true');
    assert.equal(await attr('li[data-testid="goal-slept"]', 'data-passed'), 'true');
    await visible('[data-testid="all-passed"]');
    assert.ok((await page.locator('[data-testid="drs-energy"]').innerText()).includes('18.21'));
    for (const host of ['esx1', 'esx2', 'esx3']) {
      assert.ok((await spans(host, 'standby')) >= 1, `${host} has a standby span`);
    }
    assert.equal(await spans('esx4', 'standby'), 0, 'esx4 cannot be managed: never in standby');
    assert.equal(await spans('esx4', 'entering_standby'), 0);
    // DPM's power actions: each of esx1..esx3 sleeps at night and again in the evening.
    await visible('[data-testid="dpm-events"]');
    const slept = await page.locator('[data-testid="dpm-events"] li[data-action="standby"]').allInnerTexts();
    assert.equal(slept.length, 6, `standby actions: ${slept.join(' | ')}`);
    for (const host of ['esx1', 'esx2', 'esx3']) {
      assert.equal(slept.filter((t) => t.includes(`${host} 进入待机`)).length, 2, `${host} put in standby twice`);
    }
    assert.ok(!slept.some((t) => t.includes('esx4')), 'esx4 in a standby action');
    const power = await page.locator('[data-testid="dpm-power"]').innerText();
    assert.ok(power.includes('DPM 电源时间线') && power.includes('进入待机'), power);
    // No English left in the DRS/DPM panel: only names, units and acronyms in Latin letters.
    const panel = (await page.locator('[data-testid="drs-view"]').innerText()).replace(/\b(?:DRS|DPM|kWh|MHz|esx\d+|web\d+)\b/g, '');
    assert.deepEqual(panel.match(/[A-Za-z]{3,}/g) ?? [], [], 'English words in the Chinese DRS/DPM panel');
    // The event log tells the story in Chinese.
    const log = await readText(page.locator('[data-testid="event-log"]'));
    assert.ok(log.includes('DPM 已将主机 esx2 置于待机'), 'the Chinese standby sentence in the event log');
    assert.ok(log.includes('DPM 本想让主机 esx4 待机，但无法再唤醒它'), 'the Chinese cannot-manage sentence in the event log');
    assert.ok(!/DPM put host|in standby/.test(log), 'English DPM sentences in the Chinese event log');
    // The charts are drawn, the power chart included.
    for (const c of ['drs-load-chart', 'drs-imbalance-chart', 'drs-power-chart']) {
      await visible(`[data-testid="drs-charts"] canvas[data-testid="${c}"]`);
      await page.locator(`canvas[data-testid="${c}"]`).scrollIntoViewIfNeeded();
      await waitFor(() => canvasDrawn(`canvas[data-testid="${c}"]`), `${c} drawn`);
    }
    assert.ok((await readText(page.locator('[data-testid="drs-charts"]'))).includes('整个运行过程'));
    await snap('dpm-solved-zh');
  });

  // `vlab run labs/ha-vm-monitoring.toml`: a sample every 10 s up to 240 s; three VMs stop
  // sending heartbeats at 60 s; batch's guest responds again at 105 s (shown by the sample at 110 s).
  it('the timeline plays, pauses and steps; an event in the log jumps to its time, in both languages', { timeout: 2 * STEP_MS }, async () => {
    const tl = {
      play: 'button[data-testid="timeline-play"]',
      back: 'button[data-testid="timeline-back"]',
      forward: 'button[data-testid="timeline-forward"]',
      speed: 'select[data-testid="timeline-speed"]',
      time: 'input[data-testid="time-select"]',
    };
    const time = async () => Number(await page.locator(tl.time).inputValue());
    const playing = async () => (await attr(tl.play, 'data-playing')) === 'true';
    const ev = (t) => `[data-testid="event-log"] li[data-t="${t}"]`;
    // The shown time and the log's marks, read at one instant (the run may be playing).
    const marks = () =>
      page.evaluate(() => {
        const t = Number(document.querySelector('[data-testid="time-select"]').value);
        const rows = [...document.querySelectorAll('[data-testid="event-log"] li')].map((li) => ({
          t: Number(li.dataset.t),
          future: li.dataset.future === 'true',
          dimmed: getComputedStyle(li).opacity < 1,
          button: li.querySelector('button.ev-jump') !== null,
        }));
        return { t, rows };
      });
    const checkMarks = async () => {
      const { t, rows } = await marks();
      assert.ok(rows.length > 0 && rows.every((r) => r.button), 'every event is a button');
      for (const r of rows) {
        assert.equal(r.future, r.t > t, `event at ${r.t} s with ${t} s shown: data-future=${r.future}`);
        assert.equal(r.dimmed, r.future, `event at ${r.t} s dimmed=${r.dimmed}`);
      }
      return t;
    };
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    const themeBefore = await page.locator(sel.theme).inputValue();
    for (const lang of ['en', 'zh-CN']) {
      const words = lang === 'en'
        ? { play: 'Play', pause: 'Pause', back: 'Step back', forward: 'Step forward', speed: 'Speed', playAria: 'Play the run again from the start' }
        : { play: '播放', pause: '暂停', back: '后退一步', forward: '前进一步', speed: '速度', playAria: '从头重新播放运行过程' };
      await page.goto(`${server.url}#/`);
      await visible(sel.catalog);
      await page.locator(sel.lang).selectOption(lang);
      await waitFor(async () => (await attr('html', 'lang')) === lang, `html[lang="${lang}"]`);
      await page.goto(`${server.url}#/lab/ha-vm-monitoring`);
      await visible(sel.labPage);
      // Where predictions come first, explore: the run is shown at once.
      if (await page.locator('[data-testid="explore"]').count()) await page.locator('[data-testid="explore"]').click();
      await visible(tl.play);
      // The event log mounts a few frames after the rest (src/common/later.rs).
      await visible('[data-testid="event-log"]');
      // At first the whole run is shown: nothing is "not yet".
      assert.equal(await time(), 240);
      assert.equal(await attr(tl.play, 'data-playing'), 'false');
      assert.equal(await attr(tl.play, 'aria-label'), words.playAria);
      assert.equal(await attr(tl.forward, 'aria-disabled'), 'true');
      assert.equal(await checkMarks(), 240);
      const bar = await page.locator('[data-testid="timeline"]').innerText();
      for (const w of [words.play, words.back, words.forward, words.speed]) assert.ok(bar.includes(w), `${w} in ${bar}`);

      // Space on the focused Play button: from the end it starts again at 0, one sample per 500 ms.
      await page.locator(tl.speed).selectOption('1');
      await page.locator(tl.play).focus();
      await page.keyboard.press('Space');
      await waitFor(playing, 'data-playing="true"');
      assert.ok((await page.locator(tl.play).innerText()).includes(words.pause));
      await waitFor(async () => (await time()) >= 20, 'the time to advance to 20 s');
      const playedTo = await checkMarks();
      assert.ok(playedTo >= 20 && playedTo < 240, `played to ${playedTo}`);
      await snap(`timeline-playing-${lang}`);

      // Space again pauses (the focus stayed on the button): the time holds.
      assert.ok(await page.locator(tl.play).evaluate((b) => b === document.activeElement), 'Play keeps the focus');
      await page.keyboard.press('Space');
      await waitFor(async () => !(await playing()), 'data-playing="false"');
      assert.ok((await page.locator(tl.play).innerText()).includes(words.play));
      const at = await time();
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(await time(), at, 'the time moved while paused');
      assert.ok(at < 240, `paused at ${at}`);

      // One sample back: the slider, the heading and the marks follow.
      await page.locator(tl.back).click();
      await waitFor(async () => (await time()) === at - 10, `one sample back to ${at - 10} s`);
      assert.ok((await page.locator('#viz-h').innerText()).includes(`t = ${at - 10} s`));
      assert.equal(await checkMarks(), at - 10);
      await page.locator(tl.forward).click();
      await waitFor(async () => (await time()) === at, `one sample forward to ${at} s`);

      // An event in the log, chosen by mouse (English) or keyboard (Chinese), shows its time.
      const healed = page.locator(`${ev(105)} button`);
      if (lang === 'en') {
        await healed.click();
      } else {
        await healed.focus();
        await page.keyboard.press('Enter');
      }
      await waitFor(async () => (await time()) === 110, 'the slider at 110 s, the first sample after 105 s');
      assert.equal(await checkMarks(), 110);
      assert.equal(await attr(ev(105), 'data-future'), 'false');
      assert.ok((await page.locator('#viz-h').innerText()).includes('t = 110 s'));
      await snap(`timeline-event-${lang}`);
    }
    // The same controls in the dark and projector themes.
    for (const theme of ['dark', 'projector']) {
      await page.locator(sel.theme).selectOption(theme);
      await waitFor(async () => (await attr('html', 'data-theme')) === theme, `html[data-theme="${theme}"]`);
      await page.locator('[data-testid="timeline"]').scrollIntoViewIfNeeded();
      shot += 1;
      const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-timeline-${theme}-zh.png`);
      await page.locator('[data-testid="timeline"]').screenshot({ path: file });
    }
    await page.locator(sel.theme).selectOption(themeBefore);
  });

  // The glossary: from the header in both languages, a lab's "Terms in this lab" link to an entry,
  // and the entry's link back to the lab.
  it('the glossary opens from the header in both languages, and links labs and terms both ways', { timeout: STEP_MS }, async () => {
    const g = {
      nav: 'a[data-testid="nav-glossary"]',
      page: '[data-testid="glossary-page"]',
      entries: 'li.glossary-entry',
      filter: 'input[data-testid="glossary-filter"]',
      count: '[data-testid="glossary-count"]',
    };
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    await page.locator(g.nav).click();
    await visible(g.page);
    assert.equal(await page.evaluate(() => location.hash), '#/glossary');
    const total = await page.locator(g.entries).count();
    assert.ok(total >= 35, `${total} entries`);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Glossary');
    const reservation = await page.locator('[data-testid="term-reservation"]').innerText();
    assert.ok(reservation.includes('Reservation') && reservation.includes('预留'), reservation);
    assert.ok(reservation.includes('vSphere Resource Management Guide'), reservation);
    await snap('glossary-en');
    // The filter is labelled, finds a term by its Chinese name, and says how many it shows.
    assert.equal(await page.locator(`label[for="glossary-filter"]`).innerText(), 'Filter the terms');
    await page.locator(g.filter).fill('预留');
    await waitFor(async () => (await page.locator(g.entries).count()) < total, 'the filter to narrow the list');
    assert.ok((await page.locator(g.count).innerText()).includes(`of ${total} terms`));
    await visible('[data-testid="term-reservation"]');
    assert.equal(await page.locator('[data-testid="term-numa"]').count(), 0);
    await snap('glossary-filtered-en');
    await page.locator(g.filter).fill('');
    await waitFor(async () => (await page.locator(g.entries).count()) === total, 'every entry back');

    // In Chinese, from the header again.
    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    assert.equal((await page.locator(g.nav).innerText()).trim(), '术语表');
    await page.locator(g.nav).click();
    await visible(g.page);
    await waitFor(async () => (await page.locator('h1').innerText()).trim() === '术语表', 'the heading 术语表');
    const tpsText = await page.locator('[data-testid="term-tps"]').innerText();
    assert.ok(tpsText.includes('透明页面共享') && tpsText.includes('Transparent page sharing'), tpsText);
    await snap('glossary-zh');

    // A lab's terms link to their entries: the entry is scrolled to, focused and highlighted.
    await page.goto(`${server.url}#/lab/tps-identical-vms`);
    await visible('[data-testid="lab-terms"]');
    await page.locator('[data-testid="lab-terms"] > summary').click();
    await visible('a[data-testid="lab-term-tps"]');
    assert.ok((await page.locator('[data-testid="lab-terms"]').innerText()).includes('本实验中的术语'));
    await snap('lab-terms-zh');
    await page.locator('a[data-testid="lab-term-memory-states"]').click();
    await visible('[data-testid="term-memory-states"]');
    assert.equal(await page.evaluate(() => location.hash), '#/glossary/memory-states');
    const entry = '[data-testid="term-memory-states"]';
    await waitFor(async () => page.locator(entry).evaluate((el) => el === document.activeElement), 'the entry focused');
    assert.ok(await page.locator(entry).evaluate((el) => el.classList.contains('current')), 'the entry highlighted');
    assert.equal(await page.locator('li.glossary-entry.current').count(), 1);
    const inView = await page.locator(entry).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the entry is scrolled into view');
    await page.screenshot({ path: path.join(ARTIFACTS, `${String((shot += 1)).padStart(2, '0')}-glossary-entry-zh.png`) });
    // ... and the entry links back to the labs that teach it.
    await page.locator(`${entry} a[data-testid="term-memory-states-lab-tps-identical-vms"]`).click();
    await visible('[data-testid="lab-page"][data-lab="tps-identical-vms"]');
    assert.equal(await page.evaluate(() => location.hash), '#/lab/tps-identical-vms');

    // The glossary in the dark theme, then back to the theme the steps before left.
    const themeBefore = await attr('html', 'data-theme');
    await page.goto(`${server.url}#/glossary/drs`);
    await visible('[data-testid="term-drs"]');
    await page.locator(sel.theme).selectOption('dark');
    await waitFor(async () => (await attr('html', 'data-theme')) === 'dark', 'html[data-theme="dark"]');
    await page.screenshot({ path: path.join(ARTIFACTS, `${String((shot += 1)).padStart(2, '0')}-glossary-drs-dark-zh.png`) });
    await page.locator(sel.theme).selectOption(themeBefore);
  });

  // Progress that moves: predictions in shares-contention (the lab as written; the answers are
  // `vlab run shares-contention --answers --json`'s), exported under a name, graded by
  // `vlab grade`, then imported into a fresh browser, in both languages.
  it('exports progress to a file that vlab grade reads, and a fresh browser imports it, in both languages', { timeout: 3 * STEP_MS }, async () => {
    const p = {
      panel: '[data-testid="progress-panel"]',
      name: 'input[data-testid="progress-student"]',
      exportBtn: 'button[data-testid="progress-export"]',
      status: '[data-testid="progress-status"]',
      error: '[data-testid="progress-error"]',
      input: 'input[data-testid="question-input-db-at-start"]',
      labProgress: '[data-testid="lab-progress-shares-contention"]',
    };
    // The panel alone, large enough to read.
    const snapPanel = async (pg, name) => {
      shot += 1;
      await pg.locator(p.panel).screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
    };
    // The `vlab` command: the built binary if it knows `grade`, else cargo.
    const root = path.resolve(here, '..', '..');
    const built = path.join(root, 'target', 'debug', 'vlab');
    const knowsGrade = await fs
      .access(built)
      .then(() => execFileSync(built, ['help'], { encoding: 'utf8' }).includes('vlab grade'))
      .catch(() => false);
    const vlab = (args) =>
      knowsGrade
        ? execFileSync(built, args, { encoding: 'utf8' })
        : execFileSync('cargo', ['run', '-q', '--bin', 'vlab', '--', ...args], { cwd: root, encoding: 'utf8' });
    const key = JSON.parse(vlab(['run', 'shares-contention', '--answers', '--json'])).answers;
    const questions = Object.keys(key);
    assert.ok(questions.includes('db-at-start'), `questions: ${questions}`);

    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');

    // Predict, commit, and meet the goals.
    await page.goto(`${server.url}#/lab/shares-contention`);
    await visible('[data-testid="questions"]');
    if ((await attr('[data-testid="questions"]', 'data-state')) !== 'asking') {
      const again = page.locator('[data-testid="answer-again"], [data-testid="predict-first"]').first();
      await again.click();
    }
    await visible(p.input);
    // db-at-start a little off, within its tolerance; the others exactly.
    const given = Object.fromEntries(questions.map((q) => [q, key[q].expected]));
    given['db-at-start'] = String(Number(key['db-at-start'].expected) - 10);
    for (const q of questions) await page.locator(`input[data-testid="question-input-${q}"]`).fill(given[q]);
    await page.locator('[data-testid="commit-answers"]').click();
    await waitFor(async () => (await attr('[data-testid="questions"]', 'data-state')) === 'revealed', 'the run revealed');
    await page.locator('[data-testid="apply-solution"]').click();
    await waitFor(async () => (await attr('li[data-testid="goal-db-protected"]', 'data-passed')) === 'true', 'goal-db-protected passed');

    // Export under a name: the download is the file `vlab grade` reads.
    await page.goto(`${server.url}#/`);
    await visible(p.panel);
    assert.equal(await page.getByLabel('Your name (optional)').getAttribute('data-testid'), 'progress-student');
    await page.locator(p.name).fill('Ada Lovelace');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(p.exportBtn).click()]);
    assert.equal(download.suggestedFilename(), 'vlab-progress-Ada-Lovelace.json');
    const dlDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-download-'));
    const file = path.join(dlDir, download.suggestedFilename());
    await download.saveAs(file);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.equal(saved.format, 'vlab-progress');
    assert.equal(saved.student, 'Ada Lovelace');
    assert.deepEqual(saved.labs['shares-contention'].answers, given);
    assert.match(saved.checksum, /^[0-9a-f]{16}$/);
    assert.ok((await page.locator(p.status).innerText()).includes('Saved vlab-progress-Ada-Lovelace.json'));
    await snap('progress-exported-en');
    await snapPanel(page, 'progress-panel-exported-en');

    // `vlab grade` on the downloaded file.
    const right = `${questions.length}/${questions.length}`;
    // The earlier steps left progress in other labs too: one line each.
    const table = vlab(['grade', file]);
    const row = table.split('\n').find((l) => l.startsWith(file) && l.includes(' shares-contention '));
    assert.ok(row, `no shares-contention row for the file in:\n${table}`);
    for (const cell of ['Ada Lovelace', 'shares-contention', '1 (as written)', 'yes', right, '3/3']) {
      assert.ok(row.includes(cell), `${cell} in: ${row}`);
    }
    assert.ok(!table.includes('· shares-contention:') && !table.includes('edited'), `nothing to note:\n${table}`);
    const csv = vlab(['grade', '--csv', file]).trim().split('\n');
    assert.equal(csv[0], 'file,student,lab,variant,as_written,committed,questions_right,questions_total,goals_met,goals_total,edited,notes');
    const n = questions.length;
    assert.ok(csv.includes(`${file},Ada Lovelace,shares-contention,1,true,true,${n},${n},3,3,false,`), csv.join('\n'));
    // An edited copy is reported as such.
    const edited = path.join(dlDir, 'edited.json');
    const changed = structuredClone(saved);
    changed.labs['shares-contention'].answers['db-at-start'] = key['db-at-start'].expected;
    await fs.writeFile(edited, JSON.stringify(changed, null, 2));
    assert.ok(vlab(['grade', edited]).includes('edited after export: the checksum does not match'));

    // A fresh browser starts with nothing, and gets it all back from the file.
    const freshDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-fresh-'));
    const fresh = await chromium.launchPersistentContext(freshDir, launchOptions());
    try {
      const page2 = fresh.pages()[0] ?? (await fresh.newPage());
      page2.on('pageerror', (e) => pageErrors.push(String(e)));
      const snap2 = async (name) => {
        shot += 1;
        await wholePage(page2, path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`));
      };
      const attr2 = (s, name) => page2.locator(s).first().getAttribute(name);
      await page2.goto(`${server.url}#/`);
      await page2.locator(p.panel).waitFor({ state: 'visible', timeout: LOAD_MS });
      assert.equal(await attr2(p.labProgress, 'data-passed'), '0');
      // The file input is labelled and reached by the keyboard.
      const importInput = page2.getByLabel('Import progress');
      assert.equal(await importInput.getAttribute('data-testid'), 'progress-import');
      await importInput.focus();
      assert.ok(await importInput.evaluate((el) => el === document.activeElement), 'the file input takes the focus');
      await importInput.setInputFiles(file);
      await waitFor(async () => Number(await attr2(p.status, 'data-imported')) >= 1, 'the labs imported');
      const said = await page2.locator(p.status).innerText();
      assert.ok(said.includes('Shares under contention') && said.includes('Ada Lovelace'), said);
      await waitFor(async () => (await attr2(p.labProgress, 'data-passed')) === '3', 'shares-contention 3 of 3 goals');
      assert.equal(await page2.locator(p.name).inputValue(), 'Ada Lovelace');
      await snapPanel(page2, 'progress-imported-en');
      // The lab opens as it was left: the prediction committed and judged.
      await page2.goto(`${server.url}#/lab/shares-contention`);
      await page2.locator('[data-testid="questions"][data-state="revealed"]').waitFor({ timeout: LOAD_MS });
      assert.ok((await page2.locator('[data-testid="question-score"]').innerText()).includes(`${n} of ${n}`));
      await snap2('progress-imported-lab-en');

      // In Chinese: a bad file names the field and says what it accepts; the good one imports.
      await page2.goto(`${server.url}#/`);
      await page2.locator(sel.lang).selectOption('zh-CN');
      await waitFor(async () => (await attr2('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
      assert.ok((await page2.locator(p.panel).innerText()).includes('你的进度'));
      const bad = JSON.parse(await fs.readFile(file, 'utf8'));
      bad.labs['shares-contention'].settings['db-shares'] = 'huge';
      await page2.getByLabel('导入进度').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
      await page2.locator(p.error).waitFor({ timeout: LOAD_MS });
      const why = await page2.locator(p.error).innerText();
      assert.ok(why.includes('没有导入任何内容') && why.includes('labs.shares-contention.settings.db-shares'), why);
      assert.ok(why.includes('low, normal, high'), why);
      await snapPanel(page2, 'progress-import-error-zh');
      await page2.getByLabel('导入进度').setInputFiles(file);
      await waitFor(async () => (await page2.locator(p.status).count()) === 1, 'the import status');
      const zh = await page2.locator(p.status).innerText();
      assert.ok(zh.includes('已导入以下实验的进度') && zh.includes('资源争用时的份额'), zh);
      assert.equal(await page2.locator(p.error).count(), 0);
      await snap2('progress-imported-zh');
      // An edited file is read, with a notice that grading will report it.
      await page2.getByLabel('导入进度').setInputFiles(edited);
      await page2.locator('[data-testid="progress-notices"]').waitFor({ timeout: LOAD_MS });
      assert.ok((await page2.locator('[data-testid="progress-notices"]').innerText()).includes('校验和不匹配'));
      await snapPanel(page2, 'progress-panel-imported-edited-zh');
    } finally {
      await fresh.close();
      await fs.rm(freshDir, { recursive: true, force: true });
      await fs.rm(dlDir, { recursive: true, force: true });
    }
  });

  // `vlab run memory-limit-balloon --seed 4172 --answers --json` is the
  // key: the page's variant 4172 must ask and judge the same numbers.
  it('predict, then reveal: a variant from a link, answers judged as `vlab run --answers` computes them, in both languages', { timeout: 2 * STEP_MS }, async () => {
    const id = 'memory-limit-balloon';
    const rootDir = path.resolve(here, '..', '..');
    const built = path.join(rootDir, 'target', 'debug', 'vlab');
    const cli = (args) =>
      fs
        .access(built)
        .then(() => execFileSync(built, args, { encoding: 'utf8' }))
        .catch(() => execFileSync('cargo', ['run', '-q', '--bin', 'vlab', '--', ...args], { cwd: rootDir, encoding: 'utf8' }));
    const key = JSON.parse(await cli(['run', id, '--seed', '4172', '--answers', '--json']));
    const ids = Object.keys(key.answers);
    assert.ok(ids.length >= 2, `questions: ${ids}`);

    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    await page.goto(`${server.url}#/lab/${id}?seed=4172`);
    await visible('[data-testid="questions"][data-state="asking"]');
    await waitFor(async () => (await attr('[data-testid="variant"]', 'data-seed')) === '4172', 'variant 4172 from the link');
    assert.ok((await page.locator('[data-testid="variant-label"]').innerText()).includes('4172'));
    assert.equal(await page.locator('[data-testid="goals-h"], [data-testid^="goal-"]').count(), 0, 'goals hidden');
    assert.equal(await page.locator('[data-testid="event-log"]').count(), 0, 'events hidden');
    // Commit stays disabled until every question has an answer.
    assert.ok(await page.locator('[data-testid="commit-answers"]').isDisabled());
    // The first answer right (the key's), the others off by a lot.
    for (const [i, q] of ids.entries()) {
      const given = i === 0 ? key.answers[q].expected : String(Number(key.answers[q].expected) + 100000);
      await page.locator(`[data-testid="question-input-${q}"]`).fill(given);
    }
    await snap('predict-asking-en');
    await page.locator('[data-testid="commit-answers"]').click();
    await visible('[data-testid="questions"][data-state="revealed"]');
    for (const [i, q] of ids.entries()) {
      const item = `[data-testid="question-${q}"]`;
      assert.equal(await attr(item, 'data-expected'), key.answers[q].expected, `${q}: the page's answer is the CLI's`);
      assert.equal(await attr(item, 'data-correct'), String(i === 0), q);
    }
    assert.ok((await page.locator('[data-testid="question-score"]').innerText()).includes(`1 of ${ids.length}`));
    await visible('[data-testid="event-log"]');
    await visible('canvas[data-testid="chart-mem"]');
    await snap('predict-revealed-en');

    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    const zh = await page.locator('[data-testid="questions"]').innerText();
    assert.ok(zh.includes('正确') && zh.includes('不太对') && zh.includes('先预测'), zh);
    assert.ok((await page.locator('[data-testid="variant-label"]').innerText()).includes('变体 4172'));
    await snap('predict-revealed-zh');

    // A new variant asks again, with its own numbers.
    await page.locator('[data-testid="new-variant"]').click();
    await visible('[data-testid="questions"][data-state="asking"]');
    const seed = await attr('[data-testid="variant"]', 'data-seed');
    assert.notEqual(seed, '4172');
    assert.ok(Number(seed) >= 1 && Number(seed) <= 9999, seed);
    assert.equal(await page.locator(`[data-testid="question-input-${ids[0]}"]`).inputValue(), '', 'answers cleared');
    // Reset forgets the variant and the predictions.
    await page.locator('[data-testid="reset-lab-open"]').click();
    await page.locator('[data-testid="reset-lab"]').click();
    await waitFor(async () => (await page.locator('[data-testid="variant-authored"]').count()) === 0, 'back to the lab as written');
    await snap('predict-reset-zh');
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
  });

  it('two tabs of vlab keep each other\'s progress: each adopts the other\'s saves', { timeout: STEP_MS }, async () => {
    const stored = (pg) => pg.evaluate(() => JSON.parse(localStorage.getItem('vlab.state')));
    await page.goto(`${server.url}#/lab/shares-contention`);
    await explore();
    const second = await context.newPage();
    try {
      await second.goto(`${server.url}#/lab/idle-memory-tax`);
      await second.locator('[data-testid="lab-page"]').waitFor({ timeout: LOAD_MS });
      // The second tab reveals a hint; the first then changes a control.
      const hintsBefore = (await stored(second)).progress?.['idle-memory-tax']?.hints_shown ?? 0;
      await second.locator('[data-testid="hint-reveal"]').click();
      await waitFor(async () => (await stored(second)).progress['idle-memory-tax'].hints_shown === hintsBefore + 1, 'the hint saved');
      await page.locator('select[data-testid="control-db-shares"]').selectOption('low');
      await waitFor(async () => (await stored(page)).progress['shares-contention'].settings['db-shares'] === 'low', 'the control saved');
      // The first tab's save kept the second tab's hint, and the second tab knows the control.
      const saved = await stored(page);
      assert.equal(saved.progress['idle-memory-tax'].hints_shown, hintsBefore + 1, 'the first tab overwrote the hint');
      await second.goto(`${server.url}#/lab/shares-contention`);
      await waitFor(async () => (await second.locator('select[data-testid="control-db-shares"]').inputValue()) === 'low', 'the second tab sees the control');
    } finally {
      await second.close();
    }
  });

  // Issue 19, every width a student uses: at 1024, 1366 and 1920 px and on a 390 px phone the
  // page never scrolls sideways; a wide table scrolls inside its own labelled, focusable region.
  it('at 1024, 1366, 1920 and 390 px nothing is cut off: wide tables scroll in labelled regions', { timeout: 2 * STEP_MS }, async () => {
    const region = '.table-scroll:has([data-testid="vm-table"])';
    await page.goto(`${server.url}#/`);
    await visible(sel.catalog);
    await page.locator(sel.lang).selectOption('en');
    await waitFor(async () => (await attr('html', 'lang')) === 'en', 'html[lang="en"]');
    const themeBefore = await page.locator(sel.theme).inputValue();
    await page.goto(`${server.url}#/lab/cpu-overcommit-48-cores`);
    await explore();
    await visible('[data-testid="vm-table"]');
    // The charts mount a few frames after the tables (src/common/later.rs).
    await visible('[data-testid="chart-cpu"]');
    // The charts' data tables build their rows only while open: open them,
    // so that their widths are checked too.
    await page.evaluate(() => document.querySelectorAll('details.data-table-details:not([open])').forEach((d) => { d.open = true; }));
    await waitFor(async () => (await page.locator('details.data-table-details table').count()) > 0, 'the opened data tables');
    const layout = () =>
      page.evaluate(() => {
        const doc = document.documentElement;
        // What sticks out of the viewport, outside a scrolling region (for the message).
        const out = [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('.table-scroll') && el.getBoundingClientRect().right > doc.clientWidth + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.slice(0, 40)}"`)
          .slice(0, 8);
        const tables = [...document.querySelectorAll('table')].map((t) => ({
          name: t.dataset.testid ?? t.querySelector('caption')?.textContent ?? t.closest('details')?.dataset.testid ?? '?',
          scrolls: t.parentElement.matches('.table-scroll'),
          fits: t.getBoundingClientRect().width <= t.parentElement.clientWidth + 0.5,
        }));
        const regions = [...document.querySelectorAll('.table-scroll')].map((el) => ({
          label: el.getAttribute('aria-label') ?? '',
          role: el.getAttribute('role'),
          tabindex: el.getAttribute('tabindex'),
          wide: el.scrollWidth > el.clientWidth,
          inView: el.getBoundingClientRect().right <= doc.clientWidth + 0.5,
        }));
        return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, out, tables, regions };
      });
    try {
      for (const width of [1024, 1366, 1920, 390]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const l = await layout();
        assert.ok(l.scrollWidth <= l.clientWidth, `${width} px: the page is ${l.scrollWidth} px wide in ${l.clientWidth}: ${l.out.join(' ')}`);
        assert.ok(l.tables.length >= 3, `${width} px: ${l.tables.length} tables`);
        for (const t of l.tables) assert.ok(t.scrolls || t.fits, `${width} px: table ${t.name} is cut off`);
        for (const r of l.regions) {
          assert.ok(r.inView, `${width} px: region "${r.label}" reaches past the viewport`);
          if (!r.wide) continue;
          assert.equal(r.role, 'region', `${width} px: "${r.label}"`);
          assert.equal(r.tabindex, '0', `${width} px: "${r.label}" is not focusable`);
          assert.ok(r.label.trim().length > 0, `${width} px: a wide table's region has no name`);
        }
        // The VM table's region is named by its caption; where it is wider than its frame,
        // the keyboard scrolls it (focus, then the arrow keys).
        assert.equal(await attr(region, 'aria-label'), await page.locator('[data-testid="vm-table"] caption').innerText());
        if (await page.locator(region).evaluate((el) => el.scrollWidth > el.clientWidth)) {
          await page.locator(region).evaluate((el) => { el.scrollLeft = 0; });
          await page.locator(region).focus();
          for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
          await waitFor(async () => (await page.locator(region).evaluate((el) => el.scrollLeft)) > 0, `${width} px: the VM table to scroll by keyboard`);
        }
        await snap(`width-${width}`);
      }
      // The edge shadow and the focus ring in the three themes, at 1024 px (the VM table is wide).
      await page.setViewportSize({ width: 1024, height: 900 });
      for (const theme of ['light', 'dark', 'projector']) {
        await page.locator(sel.theme).selectOption(theme);
        await waitFor(async () => (await attr('html', 'data-theme')) === theme, `html[data-theme="${theme}"]`);
        await page.locator(region).evaluate((el) => { el.scrollLeft = 0; });
        await page.locator(region).focus();
        await page.keyboard.press('ArrowRight');
        await page.locator(region).scrollIntoViewIfNeeded();
        shot += 1;
        const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-table-scroll-${theme}.png`);
        await page.locator('.table-block:has([data-testid="vm-table"])').screenshot({ path: file });
      }
    } finally {
      await page.locator(sel.theme).selectOption(themeBefore);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("asked only the page's own origin, loaded every asset, broke no CSP rule and never panicked", () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => {
      const url = new URL(u);
      return !['data:', 'blob:'].includes(url.protocol) && url.origin !== origin;
    });
    assert.deepEqual(foreign, [], `requests left ${origin}`);
    assert.deepEqual(cspViolations, [], 'the Content-Security-Policy refused something');
    // Chromium may probe /favicon.ico on its own; anything else missing is a bug.
    assert.deepEqual(failures.filter((f) => !f.endsWith('/favicon.ico')), [], 'failed requests');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });
});
