// End-to-end tests of the release build (dist/) in headless Chromium.
// Run with: node --test tests/e2e/   (scripts/test.sh builds dist/ first)
// VLAB_DIST=<dir> tests another build; screenshots land in tests/e2e/artifacts/.
//
// The steps share one browser profile and run in order: later steps check
// that what earlier ones changed (language, progress, theme) was persisted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SUBPATH = '/course/vlab/'; // a sub-path proves the build's URLs are relative
const LOAD_MS = 30_000; // first wasm compile on a busy 2-core machine
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

/** Polls `fn` until it returns a truthy value; rethrows its last failure on timeout. */
async function waitFor(fn, what, timeoutMs = LOAD_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = new Error(`still false: ${what}`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      last.message = `timed out after ${timeoutMs} ms waiting for ${what}: ${last.message}`;
      throw last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

let server, context, page, profileDir;
let shot = 0;
const requests = []; // every URL the browser asked for
const failures = []; // responses >= 400
const pageErrors = []; // uncaught exceptions and wasm panics

async function snap(name) {
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
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
    // The flags the toolchain notes give for this machine: no sandbox (root in CI), and no
    // background networking, which would flood the closed network.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context.on('request', (r) => requests.push(r.url()));
    context.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) pageErrors.push(m.text());
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
    await visible(sel.chart);
    await waitFor(chartDrawn, 'the memory chart to be drawn');
    before0 = await chartData();
    assert.equal(await attr(sel.goal, 'data-passed'), 'false');
    await snap('lab-en');
  });

  it('setting the VM 9 reservation to 0 passes the goal and redraws the chart', { timeout: STEP_MS }, async () => {
    await setRange(sel.control, 0);
    await waitFor(async () => (await attr(sel.goal, 'data-passed')) === 'true', 'goal-vm9-running data-passed="true"');
    await waitFor(async () => (await chartData()) !== before0, 'the memory chart to change');
    await snap('lab-solved-en');
  });

  it('switches to Chinese', { timeout: STEP_MS }, async () => {
    await page.locator(sel.lang).selectOption('zh-CN');
    await waitFor(async () => (await attr('html', 'lang')) === 'zh-CN', 'html[lang="zh-CN"]');
    await waitFor(async () => (await page.locator('body').innerText()).includes('预留'), 'the Chinese word 预留 on the page');
    await snap('lab-zh');
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
    await visible('[data-testid="pool-table"]');
    const dev = await page.locator('[data-testid="pool-RP-DEV"]').innerText();
    assert.ok(dev.includes('5000') && dev.includes('2000'), `RP-DEV row: ${dev}`);
    await visible('[data-testid="cluster-state"]');
    const log = await page.locator('.events').innerText();
    assert.ok(/t3/.test(log) && /RP-DEV/.test(log), `event log: ${log}`);
    await snap('pool-limit');
  });

  it('a memory lab shows where each VM\'s memory is and the host memory state', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}#/lab/idle-memory-tax`);
    await visible('canvas[data-testid="mem-chart"]');
    await visible('canvas[data-testid="host-mem-chart"]');
    const state = await attr('[data-testid="host-mem-state"]', 'data-state');
    assert.ok(['high', 'clear', 'soft', 'hard', 'low'].includes(state), `state ${state}`);
    assert.ok((await page.locator('[data-testid="mem-table"]').innerText()).includes('busy'));
    await snap('memory-lab');
    // A CPU lab whose host never runs short of memory shows no memory charts.
    await page.goto(`${server.url}#/lab/shares-contention`);
    await visible('canvas[data-testid="chart-cpu"]');
    assert.equal(await page.locator('canvas[data-testid="mem-chart"]').count(), 0);
  });

  it('a migration lab shows every pre-check, and SDPS makes the migration converge', { timeout: STEP_MS }, async () => {
    // A VM the pre-checks refuse: each failed check is listed with its fix.
    await page.goto(`${server.url}#/lab/vmotion-prechecks`);
    await visible('[data-testid="migration-0"]');
    assert.equal(await attr('[data-testid="migration-0"]', 'data-outcome'), 'refused');
    assert.equal(await attr('[data-testid="check-0-maintenance_mode"]', 'data-passed'), 'false');
    assert.equal(await attr('[data-testid="check-0-cpu_vendor"]', 'data-passed'), 'true');
    await snap('migration-refused');
    // Without SDPS the cache VM is stunned for 16 s; with it, under 1 s.
    await page.goto(`${server.url}#/lab/vmotion-sdps`);
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
    const log = await page.locator('[data-testid="event-log"]').innerText();
    assert.ok(log.includes('DPM 已将主机 esx2 置于待机'), 'the Chinese standby sentence in the event log');
    assert.ok(log.includes('DPM 本想让主机 esx4 待机，但无法再唤醒它'), 'the Chinese cannot-manage sentence in the event log');
    assert.ok(!/DPM put host|in standby/.test(log), 'English DPM sentences in the Chinese event log');
    // The charts are drawn, the power chart included.
    for (const c of ['drs-load-chart', 'drs-imbalance-chart', 'drs-power-chart']) {
      await visible(`[data-testid="drs-charts"] canvas[data-testid="${c}"]`);
      await waitFor(() => canvasDrawn(`canvas[data-testid="${c}"]`), `${c} drawn`);
    }
    assert.ok((await page.locator('[data-testid="drs-charts"]').innerText()).includes('整个运行过程'));
    await snap('dpm-solved-zh');
  });

  it('asked only 127.0.0.1, loaded every asset, and never panicked', () => {
    const foreign = requests.filter((u) => {
      const url = new URL(u);
      return !['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
    });
    assert.deepEqual(foreign, [], 'requests left the machine');
    // Chromium may probe /favicon.ico on its own; anything else missing is a bug.
    assert.deepEqual(failures.filter((f) => !f.endsWith('/favicon.ico')), [], 'failed requests');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });
});
