// Accessibility of the release build (dist/, or VLAB_DIST=<dir>): axe-core
// (through @axe-core/playwright, installed by scripts/setup.sh) on every
// screen, in the three themes and both languages, and the charts' data
// tables reached with the keyboard. Run with:
//   node --test --test-reporter=spec tests/e2e/a11y.test.mjs
// It fails on any violation of impact "serious" or "critical" and prints a
// table of all violations per screen, theme and language (the figures in
// RELIABILITY.md, "Accessibility"). Screenshots land in tests/e2e/artifacts/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { AxeBuilder } from '../../tools/node_modules/@axe-core/playwright/dist/index.mjs';
import { LOAD_MS, launchOptions, waitFor, explore as exploreLab, wholePage } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SUBPATH = '/course/vlab/';
const LANGS = ['en', 'zh-CN'];
const THEMES = ['light', 'dark', 'projector'];
// WCAG 2.x A and AA, and axe's best practices (heading order, landmarks,
// names of scrollable regions...).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

// A lab shown as an exercise (questions first), and one lab per topic shown
// in explore mode (the whole run: charts, tables, event log).
const EXERCISE_LAB = 'mem-admission-64gb';
const EXPLORE_LABS = [
  ['resource', 'shares-contention'],
  ['memory', 'balloon-vs-swap'],
  ['migration', 'vmotion-sdps'],
  ['ha', 'ha-restart-priority'],
  ['drs', 'dpm-night-savings'],
  ['fusioncompute', 'fc-ha-and-scheduling'],
];

let server, context, page, profileDir;
const rows = []; // {screen, theme, lang, counts: {impact: n}, rules: {id: impact}}
const pageErrors = [];

const attr = (s, name) => page.locator(s).first().getAttribute(name);
const visible = (s, timeout = LOAD_MS) => page.locator(s).first().waitFor({ state: 'visible', timeout });

async function snap(name) {
  await wholePage(page, path.join(ARTIFACTS, `a11y-${name}.png`));
}

/** Chooses language and theme in the header, as a user does. */
async function prefs(lang, theme) {
  await page.goto(`${server.url}#/`);
  await visible('[data-testid="catalog"]');
  await page.locator('select[data-testid="lang-select"]').selectOption(lang);
  await waitFor(async () => (await attr('html', 'lang')) === lang, `html[lang="${lang}"]`);
  await page.locator('select[data-testid="theme-select"]').selectOption(theme);
  await waitFor(async () => (await attr('html', 'data-theme')) === theme, `html[data-theme="${theme}"]`);
}

/** Opens every closed <details> (data tables, hints, terms) so that axe checks what they hold. */
const openAll = async () => {
  await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; }));
  // A folded data table renders its rows on the toggle event that follows.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
};

/** Runs axe on the page (or `include`), records the counts, and returns the serious and critical violations. */
async function scan(screen, theme, lang, include) {
  // Let layout and canvases settle after the last change.
  await page.waitForTimeout(150);
  // The scroll shadows of wide tables are background gradients, through
  // which axe cannot tell the colour behind the text (it reports every cell
  // as "incomplete"): drop them (inline styles, which the page's CSP allows)
  // so that the text in tables is checked against the panel behind it.
  // Likewise, the HA timeline's list scrolls in a box: unfold it so that
  // the entries below its fold are checked too.
  await page.evaluate(() => {
    document.querySelectorAll('.table-scroll').forEach((e) => { e.style.backgroundImage = 'none'; });
    document.querySelectorAll('.ha-timeline-scroll').forEach((e) => { e.style.maxHeight = 'none'; });
  });
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  const rules = {};
  for (const v of result.violations) {
    counts[v.impact] += v.nodes.length;
    rules[v.id] = v.impact;
  }
  rows.push({ screen, theme, lang, counts, rules });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join('\n    ')}`);
}

async function explore() {
  await exploreLab(page);
  await visible('[data-testid="event-log"]');
}

describe('accessibility (axe-core) of every screen, theme and language', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await start(DIST, SUBPATH);
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-a11y-'));
    context = await chromium.launchPersistentContext(profileDir, launchOptions());
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
    // The table for RELIABILITY.md: violations (axe nodes) per impact.
    if (rows.length) {
      const w = Math.max(...rows.map((r) => r.screen.length));
      const lines = [`${'screen'.padEnd(w)}  theme      lang   crit ser  mod  min  rules`];
      for (const r of rows) {
        const c = r.counts;
        lines.push(
          `${r.screen.padEnd(w)}  ${r.theme.padEnd(9)}  ${r.lang.padEnd(5)}  ${String(c.critical).padStart(4)} ${String(c.serious).padStart(3)} ${String(c.moderate).padStart(4)} ${String(c.minor).padStart(4)}  ${Object.entries(r.rules).map(([id, i]) => `${id}:${i}`).join(' ')}`,
        );
      }
      console.log(`\naxe-core violations (nodes) per screen:\n${lines.join('\n')}\n`);
    }
  });

  for (const lang of LANGS) {
    for (const theme of THEMES) {
      const tag = `${theme}-${lang}`;
      it(`${lang}, ${theme}: catalog, progress panel, glossary, About, opening a lab file, a lab as an exercise and one explored lab per topic`, async () => {
        const problems = [];
        const check = async (screen, include) => {
          for (const p of await scan(screen, theme, lang, include)) problems.push(`[${screen} ${tag}] ${p}`);
        };
        await prefs(lang, theme);

        await check('catalog');
        if (lang === 'en' || theme === 'dark') await snap(`catalog-${tag}`);
        // The progress panel, with a name typed and an export done: its status shows.
        await page.locator('input[data-testid="progress-student"]').fill('Ada');
        await check('progress panel', '[data-testid="progress-panel"]');

        await page.goto(`${server.url}#/glossary`);
        await visible('[data-testid="glossary-page"]');
        await check('glossary');
        if (theme === 'dark') await snap(`glossary-${tag}`);

        await page.goto(`${server.url}#/about`);
        await visible('main');
        await page.waitForTimeout(300);
        await check('about');
        if (theme === 'projector') await snap(`about-${tag}`);

        // Opening a lab file: the page, then a file's problems shown in place.
        await page.goto(`${server.url}#/open`);
        await visible('[data-testid="open-page"]');
        await check('open a lab file');
        const broken = 'format = 1\nid = "x"\n[[host]]\nname = 1\n';
        await page.setInputFiles('input[data-testid="open-file"]', { name: 'broken.toml', mimeType: 'text/plain', buffer: Buffer.from(broken) });
        await visible('[data-testid="open-problems"]');
        await check('open a lab file, with problems');
        if (theme === 'light') await snap(`open-problems-${tag}`);

        // The sandbox: its forms and live run, then a field's problem shown at the field.
        await page.goto(`${server.url}#/sandbox`);
        await visible('[data-testid="sandbox-live"] [data-testid="lab-page"]');
        await check('sandbox');
        const vcpus = await page.locator('#sb-vm-0-vcpus').inputValue();
        await page.locator('#sb-vm-0-vcpus').fill('999');
        await visible('#sb-vm-0-vcpus-msg');
        await check('sandbox, with a field problem');
        await page.locator('#sb-vm-0-vcpus').fill(vcpus);
        await page.locator('#sb-vm-0-vcpus-msg').waitFor({ state: 'detached', timeout: LOAD_MS });

        // Presenter mode (always the projector theme): a lab with its shortcuts' help open.
        if (theme === 'projector') {
          await page.goto(`${server.url}#/lab/${EXERCISE_LAB}?present=on`);
          await visible('[data-testid="shortcut-help-open"]');
          await page.locator('[data-testid="shortcut-help-open"]').click();
          await visible('[data-testid="shortcut-help"]');
          await check('presenter mode, shortcuts help');
          await page.keyboard.press('Escape');
          await page.goto(`${server.url}#/?present=off`);
          await waitFor(async () => (await page.getAttribute('html', 'data-presenter')) === null, 'presenter mode off');
        }

        await page.goto(`${server.url}#/lab/${EXERCISE_LAB}`);
        await visible('[data-testid="questions"][data-state="asking"]');
        await openAll();
        await check(`lab exercise (${EXERCISE_LAB})`);
        await snap(`exercise-${tag}`);

        for (const [topic, lab] of EXPLORE_LABS) {
          await page.goto(`${server.url}#/lab/${lab}`);
          await explore();
          await visible('[data-testid="lab-page"] canvas');
          await openAll();
          await check(`lab explore, ${topic} (${lab})`);
          if (lang === 'en' || theme === 'light') await snap(`explore-${topic}-${tag}`);
          // A quarter into the run: what comes after the shown time is dimmed
          // ("not yet"); checked in each theme, in English.
          if (lang !== 'en') continue;
          await page.locator('input[data-testid="time-select"]').evaluate((el) => {
            const min = Number(el.min), max = Number(el.max), step = Number(el.step) || 1;
            el.value = String(min + Math.round((max - min) / 4 / step) * step);
            el.dispatchEvent(new Event('input', { bubbles: true }));
          });
          await waitFor(async () => (await page.locator('[data-testid="event-log"] li[data-future="true"]').count()) > 0, 'events not yet reached', 3000).catch(() => {});
          await check(`lab explore mid-run, ${topic} (${lab})`);
          if (tag === 'light-en' || tag === 'dark-en') await snap(`explore-midrun-${topic}-${tag}`);
        }
        assert.deepEqual(problems, [], `serious or critical violations:\n${problems.join('\n')}`);
      });
    }
  }

  it('every chart has a data table whose summary the keyboard reaches', async () => {
    await prefs('en', 'light');
    for (const [topic, lab] of EXPLORE_LABS) {
      await page.goto(`${server.url}#/lab/${lab}`);
      await explore();
      // The charts panel mounts after the hosts, tables and migration
      // cards (src/common/later.rs): once it shows, every canvas is there.
      await visible('[data-testid="lab-page"] .panel.charts canvas');
      // Each canvas: a figure whose <details> holds a <table> with a row per
      // sample, or (aria-details) a table elsewhere in a focusable scroll
      // region, or a folded table (<details>) elsewhere.
      const charts = await page.locator('[data-testid="lab-page"] canvas').evaluateAll((cs) =>
        cs.map((c) => {
          const fig = c.closest('figure');
          const details = fig?.querySelector('details');
          let stop = details?.querySelector(':scope > summary');
          let table = details?.querySelector('table');
          const ref = c.getAttribute('aria-details');
          if (!stop && ref) {
            const named = document.getElementById(ref);
            if (named?.tagName === 'DETAILS') {
              // A folded table elsewhere: its summary, and the table once open.
              stop = named.querySelector(':scope > summary');
              table = named.querySelector('table');
            } else {
              table = named;
              stop = table?.closest('[tabindex="0"]');
            }
          }
          if (stop) stop.dataset.a11yChart = c.dataset.testid;
          return {
            chart: c.dataset.testid,
            role: c.getAttribute('role'),
            label: c.getAttribute('aria-label') ?? '',
            summary: stop ? stop.tagName : null,
            rows: table?.querySelectorAll('tbody tr').length ?? 0,
          };
        }),
      );
      assert.ok(charts.length > 0, `${lab}: no chart`);
      for (const c of charts) {
        assert.equal(c.role, 'img', `${lab} ${c.chart}: role`);
        assert.ok(c.label.length > 0, `${lab} ${c.chart}: no aria-label`);
        assert.ok(c.summary, `${lab} ${c.chart}: no data table (<details><summary> in its figure, or aria-details)`);
      }
      // A folded table's rows join the page when it opens (a day-long run
      // has hundreds per chart): counted below, once Enter has opened it.
      const rows = new Map(charts.map((c) => [c.chart, c.rows]));
      // Tab from the top of the page: every chart's summary is reached, and
      // Enter on it opens the table.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('h1').first().click(); // a start point for Tab: not a control
      const reached = new Set();
      for (let i = 0; i < 400 && reached.size < charts.length; i += 1) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => document.activeElement?.dataset?.a11yChart ?? null);
        if (id && !reached.has(id)) {
          reached.add(id);
          if (!(await page.evaluate(() => document.activeElement.tagName === 'SUMMARY'))) continue;
          const open = () => page.evaluate(() => document.activeElement.parentElement.open);
          const was = await open();
          await page.keyboard.press('Enter');
          assert.equal(await open(), !was, `${lab} ${id}: Enter toggles its table`);
          if (!was) {
            const count = () => page.evaluate(() => document.activeElement.parentElement.querySelectorAll('table tbody tr').length);
            await waitFor(async () => (await count()) > 0, `${lab} ${id}: the opened table's rows`, 5_000).catch(() => {});
            rows.set(id, await count());
            await page.keyboard.press('Enter');
          }
        }
      }
      const missed = charts.map((c) => c.chart).filter((c) => !reached.has(c));
      assert.deepEqual(missed, [], `${lab} (${topic}): the keyboard never reached these charts' tables`);
      const empty = [...rows].filter(([, n]) => !(n > 0)).map(([c]) => c);
      assert.deepEqual(empty, [], `${lab} (${topic}): these charts' data tables have no rows`);
    }
  });

  it('Explore and "predict first" keep keyboard focus in the questions panel', async () => {
    await prefs('en', 'light');
    await page.goto(`${server.url}#/lab/shares-contention`);
    await visible('[data-testid="questions"]');
    // An earlier test may have explored this lab: back to its questions.
    if (await page.locator('[data-testid="questions"][data-state="explore"]').count()) {
      await page.locator('[data-testid="predict-first"]').click();
    }
    await visible('[data-testid="questions"][data-state="asking"]');
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a?.dataset?.testid ?? a?.tagName ?? null;
    });
    await page.locator('[data-testid="explore"]').focus();
    await page.keyboard.press('Enter');
    await visible('[data-testid="questions"][data-state="explore"]');
    // The button that had focus is gone: focus is on its panel, not lost
    // to <body>, and the next Tab reaches the way back.
    assert.equal(await focused(), 'questions', 'after Explore');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'predict-first', 'Tab after Explore');
    await page.keyboard.press('Enter');
    await visible('[data-testid="questions"][data-state="asking"]');
    assert.equal(await focused(), 'questions', 'after "predict first"');
  });

  it('new events are announced in a polite live region while the timeline plays, the newest few', async () => {
    const region = '[data-testid="event-announcer"]';
    for (const lang of LANGS) {
      await prefs(lang, 'light');
      await page.goto(`${server.url}#/lab/ha-restart-priority`);
      await explore();
      assert.equal(await attr(region, 'aria-live'), 'polite');
      assert.equal(await attr(region, 'role'), 'status');
      // Opening the page announces nothing: the log itself is there to read.
      assert.equal((await page.locator(region).textContent()).trim(), '');
      // Play from the start at 8×: the region names the events as they are
      // reached. A MutationObserver records every text it takes.
      await page.locator(region).evaluate((el) => {
        window.vlabSaid = [];
        new MutationObserver(() => window.vlabSaid.push(el.textContent.trim())).observe(el, { childList: true, subtree: true, characterData: true });
      });
      await page.locator('select[data-testid="timeline-speed"]').selectOption('8');
      await page.locator('button[data-testid="timeline-play"]').click();
      await waitFor(async () => (await attr('button[data-testid="timeline-play"]', 'data-playing')) === 'true', 'playing');
      await waitFor(async () => (await attr('button[data-testid="timeline-play"]', 'data-playing')) === 'false', 'the run played to its end', 60_000);
      const said = [...new Set(await page.evaluate(() => window.vlabSaid.filter(Boolean)))];
      assert.ok(said.length >= 2, `the live region changed while playing: ${JSON.stringify(said)}`);
      const unit = lang === 'en' ? / s: / : / 秒：/;
      assert.ok(said.every((t) => unit.test(t)), `announcements: ${JSON.stringify(said)}`);
      // esx1 fails at 60 s (see app.test.mjs) and its six VMs' events with it:
      // one announcement counts them and reads the newest three.
      const at60 = said.find((t) => (lang === 'en' ? t.includes('60 s: ') : t.includes('60 秒：')));
      assert.ok(at60, `the events at 60 s announced: ${JSON.stringify(said)}`);
      assert.ok(lang === 'en' ? /^\d+ new events; the latest: / .test(at60) : /^新增 \d+ 个事件，最新的：/.test(at60), at60);
      const total = await page.locator('[data-testid="event-log"] li').count();
      const item = lang === 'en' ? /\b\d+ s: /g : /\d+ 秒：/g;
      for (const t of said) assert.ok(t.match(item).length <= 3, `at most the newest three: ${t}`);
      assert.ok(total > 3, `the log has ${total} events`);
      console.log(`${lang}: ${said.length} announcements while playing, e.g. ${JSON.stringify(said.slice(0, 3))}`);
    }
  });

  it('never panicked', () => {
    assert.deepEqual(pageErrors, []);
  });
});
