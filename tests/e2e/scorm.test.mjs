// SCORM 1.2 packages in a real SCORM runtime: scorm-again's Scorm12API (npm) on a host
// page that launches the unzipped package in an iframe, the way an LMS's player does.
// Run with: node --test tests/e2e/   (needs the release build in dist/, or VLAB_DIST)
//
// The packages are written from dist/ by scripts/package-scorm.mjs into a temporary
// directory (the lab package of shares-contention and the course package), then:
// launch the lab package, predict, meet the goals, see "completed" and the score in the
// API's cmi; close; relaunch with a new API loaded from the suspend data, with the
// browser's own storage cleared, and see the progress resumed; a new learner (no
// suspend data) starts afresh; the course package reports the mean; the packaged page
// outside an LMS runs as usual. No Content-Security-Policy violation, no request
// leaving 127.0.0.1. Screenshots: tests/e2e/artifacts/scorm-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor, wholePage } from './support.mjs';
import { unzipSync } from '../../tools/node_modules/fflate/esm/index.mjs';
import { packageScorm } from '../../scripts/package-scorm.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(root, 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const SCORM12 = path.join(root, 'tools/node_modules/scorm-again/dist/scorm12.js');
const STEP_MS = 90_000;
const LAB = 'shares-contention';


// The LMS's page: scorm-again's SCORM 1.2 runtime and a player frame, nothing else.
const HOST_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<style>body{margin:0;font:14px sans-serif} header{padding:4px 8px;background:#234;color:#fff}
iframe{border:0;width:100%;height:860px}</style></head>
<body><header>Test LMS: scorm-again Scorm12API</header><div id="player"></div></body></html>
`;

let work, server, context, page, profileDir;
let shot = 0;
const requests = [];
const pageErrors = [];
const cspMessages = [];
const packages = {}; // zip name -> { dir, launch, entries, manifest }

async function snap(name) {
  shot += 1;
  // The LMS bar shows what the runtime holds, for the screenshot.
  await page.evaluate(() => {
    const bar = document.querySelector('header');
    if (bar && window.API) {
      const c = window.API.cmi;
      bar.textContent = `Test LMS (scorm-again Scorm12API) · lesson_status: ${c.core.lesson_status} · score.raw: ${c.core.score.raw} · suspend_data: ${c.suspend_data.length} characters`;
    }
  });
  await wholePage(page, path.join(ARTIFACTS, `scorm-${String(shot).padStart(2, '0')}-${name}.png`));
}

/** Opens the LMS page with a new Scorm12API (loaded from `cmi`, as an LMS restores a
 *  learner's record) and launches package `zip` in the player frame. */
async function launch(zip, cmi) {
  await page.goto(`${server.url}lms/host.html`);
  await page.evaluate(
    ({ href, cmi }) => {
      const Api = typeof Scorm12API === 'function' ? Scorm12API : Scorm12API.Scorm12API;
      window.API = new Api({ autocommit: false, logLevel: 5 });
      if (cmi) window.API.loadFromJSON(cmi);
      window.lms = { commits: [], set: {}, finished: null };
      window.API.on('LMSCommit', () => window.lms.commits.push(window.API.cmi.suspend_data));
      // cmi.core.exit and session_time are write-only in SCORM 1.2: seen as they are set.
      window.API.on('LMSSetValue.cmi.*', (element, value) => {
        window.lms.set[element] = value;
      });
      window.API.on('LMSFinish', () => {
        window.lms.finished = { exit: window.lms.set['cmi.core.exit'], session_time: window.lms.set['cmi.core.session_time'] };
      });
      const frame = document.createElement('iframe');
      frame.name = 'sco';
      frame.id = 'sco';
      frame.src = href;
      document.getElementById('player').append(frame);
    },
    { href: `${server.url}lms/${packages[zip].dir}/${packages[zip].launch}`, cmi },
  );
  await waitFor(() => page.evaluate(() => window.API.isInitialized()), 'LMSInitialize from the package');
}

const frame = () => page.frameLocator('#sco');
const cmi = () =>
  page.evaluate(() => ({
    status: window.API.cmi.core.lesson_status,
    raw: window.API.cmi.core.score.raw,
    min: window.API.cmi.core.score.min,
    max: window.API.cmi.core.score.max,
    suspend: window.API.cmi.suspend_data,
  }));
const inFrame = (s) => frame().locator(s).first();
const visible = (s) => inFrame(s).waitFor({ state: 'visible', timeout: LOAD_MS });
const attr = (s, name) => inFrame(s).getAttribute(name);

/** Closes the SCO as an LMS player does: the frame goes away. */
async function close() {
  await page.evaluate(() => document.getElementById('sco').remove());
  await waitFor(() => page.evaluate(() => window.lms.finished), 'LMSFinish on pagehide');
  return page.evaluate(() => window.lms.finished);
}

/** `vlab run LAB --answers --json`'s key: the built binary, else cargo. */
function answerKey(lab) {
  const built = path.join(root, 'target', 'debug', 'vlab');
  const args = ['run', lab, '--answers', '--json'];
  let text;
  try {
    text = execFileSync(built, args, { encoding: 'utf8' });
  } catch {
    text = execFileSync('cargo', ['run', '-q', '--bin', 'vlab', '--', ...args], { cwd: root, encoding: 'utf8' });
  }
  return JSON.parse(text).answers;
}

/** The score rule of README "SCORM": one point per goal met and per committed prediction right. */
const score = (points, total) => Math.floor((200 * points + total) / (2 * total));

describe('SCORM 1.2 packages in scorm-again', { timeout: 10 * STEP_MS }, () => {
  before(async () => {
    await fs.access(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`${DIST}/index.html is missing: run \`make dist\` (or trunk build --release) first`);
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-scorm-'));
    const zips = path.join(work, 'zips');
    const names = await packageScorm(DIST, zips, { only: ['course', LAB], log: () => {} });
    const lms = path.join(work, 'root', 'lms');
    await fs.mkdir(lms, { recursive: true });
    await fs.writeFile(path.join(lms, 'host.html'), HOST_HTML);
    await fs.copyFile(SCORM12, path.join(lms, 'scorm12.js'));
    for (const name of names) {
      const entries = unzipSync(new Uint8Array(await fs.readFile(path.join(zips, name))));
      const dir = name.replace(/\.zip$/, '');
      for (const [file, bytes] of Object.entries(entries)) {
        await fs.mkdir(path.dirname(path.join(lms, dir, file)), { recursive: true });
        await fs.writeFile(path.join(lms, dir, file), bytes);
      }
      const manifest = new TextDecoder().decode(entries['imsmanifest.xml']);
      // The launch file, as an LMS reads it: the SCO resource's href.
      const launch = manifest.match(/<resource [^>]*adlcp:scormtype="sco"[^>]*href="([^"]+)"/)?.[1];
      packages[name] = { dir, launch, entries: Object.keys(entries).sort(), manifest };
    }
    server = await start(path.join(work, 'root'), '/');
    profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-e2e-scorm-'));
    context = await chromium.launchPersistentContext(profileDir, launchOptions());
    // Every frame reports Content-Security-Policy violations to the test.
    await context.addInitScript(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
        true,
      );
    });
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      const text = m.text();
      if (/Content.Security.Policy|CSP violation/i.test(text)) cspMessages.push(text);
      if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(text)) pageErrors.push(text);
    });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('each zip has a SCORM 1.2 manifest: one organization, one item, one SCO listing every file', async () => {
    await page.goto('about:blank');
    for (const [name, p] of Object.entries(packages)) {
      const files = p.entries.filter((f) => f !== 'imsmanifest.xml');
      const m = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const CP = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
        const ADLCP = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
        const all = (tag) => [...doc.getElementsByTagNameNS(CP, tag)];
        const res = all('resource');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
          schema: all('schema')[0]?.textContent,
          version: all('schemaversion')[0]?.textContent,
          orgs: all('organization').length,
          defaultOrg: all('organizations')[0]?.getAttribute('default'),
          orgId: all('organization')[0]?.getAttribute('identifier'),
          items: all('item').map((i) => i.getAttribute('identifierref')),
          resources: res.map((r) => ({
            id: r.getAttribute('identifier'),
            type: r.getAttribute('type'),
            scormtype: r.getAttributeNS(ADLCP, 'scormtype'),
            href: r.getAttribute('href'),
            files: [...r.getElementsByTagNameNS(CP, 'file')].map((f) => f.getAttribute('href')).sort(),
          })),
        };
      }, p.manifest);
      assert.equal(m.error, null, `${name}: manifest is not well-formed XML`);
      assert.equal(m.root, 'http://www.imsproject.org/xsd/imscp_rootv1p1p2 manifest', name);
      assert.equal(m.schema, 'ADL SCORM', name);
      assert.equal(m.version, '1.2', name);
      assert.equal(m.orgs, 1, name);
      assert.equal(m.defaultOrg, m.orgId, name);
      assert.equal(m.resources.length, 1, name);
      const [r] = m.resources;
      assert.deepEqual(m.items, [r.id], `${name}: one item, pointing at the SCO`);
      assert.equal(r.type, 'webcontent', name);
      assert.equal(r.scormtype, 'sco', name);
      assert.equal(r.href, 'index.html', name);
      assert.deepEqual(r.files, files, `${name}: every file in the zip is listed, and only those`);
      assert.ok(files.some((f) => f.endsWith('.wasm')), `${name}: the app's .wasm is in the zip`);
      const index = new TextDecoder().decode(
        await fs.readFile(path.join(work, 'root', 'lms', p.dir, 'index.html')),
      );
      const scope = name === 'vlab-course.zip' ? 'course' : `lab:${LAB}`;
      assert.ok(index.includes(`<meta name="vlab-scorm" content="${scope}" />`), `${name}: scope meta`);
    }
  });

  let key, questions, suspend, finalScore;
  it('a lab package reports incomplete, then completed with its score, and commits', { timeout: 2 * STEP_MS }, async () => {
    key = answerKey(LAB);
    questions = Object.keys(key);
    assert.ok(questions.length >= 2, `questions: ${questions}`);
    await launch(`vlab-${LAB}.zip`);
    // Straight into the lab, asking first.
    await visible('[data-testid="lab-page"]');
    await visible('[data-testid="questions"][data-state="asking"]');
    const hash = await page.frame({ name: 'sco' }).evaluate(() => location.hash);
    assert.equal(hash, `#/lab/${LAB}`);
    await waitFor(async () => (await cmi()).status === 'incomplete', 'lesson_status incomplete');
    const started = await cmi();
    assert.equal(started.raw, '0');
    assert.equal(started.min, '0');
    assert.equal(started.max, '100');
    await snap('lab-launched');

    // The first prediction right, the others wrong.
    for (const [i, q] of questions.entries()) {
      const given = i === 0 ? key[q].expected : String(Number(key[q].expected) + 100000);
      await inFrame(`[data-testid="question-input-${q}"]`).fill(given);
    }
    await inFrame('[data-testid="commit-answers"]').click();
    await visible('[data-testid="questions"][data-state="revealed"]');
    const goals = await frame().locator('li[data-testid^="goal-"]').count();
    assert.ok(goals >= 1);
    const total = goals + questions.length;
    const metBefore = await frame().locator('li[data-testid^="goal-"][data-passed="true"]').count();
    assert.ok(metBefore < goals, 'doing nothing leaves a goal unmet');
    await waitFor(async () => (await cmi()).raw === String(score(metBefore + 1, total)), `score ${score(metBefore + 1, total)}`);
    assert.equal((await cmi()).status, 'incomplete', 'goals unmet: still incomplete');

    await inFrame('[data-testid="apply-solution"]').click();
    await waitFor(async () => (await attr('li[data-testid="goal-db-protected"]', 'data-passed')) === 'true', 'goal passed');
    finalScore = String(score(goals + 1, total));
    await waitFor(async () => (await cmi()).status === 'completed', 'lesson_status completed');
    assert.equal((await cmi()).raw, finalScore, `score: ${goals} goals + 1 of ${questions.length} predictions`);
    suspend = (await cmi()).suspend;
    assert.ok(suspend.length <= 4096, `suspend_data ${suspend.length} characters`);
    const data = JSON.parse(suspend);
    assert.equal(data.v, 1);
    assert.deepEqual(Object.keys(data.l), [LAB], 'only the package lab');
    // A commit follows the change (debounced), carrying the data.
    await waitFor(() => page.evaluate((s) => window.lms.commits.includes(s), suspend), 'LMSCommit with the final data');
    await snap('lab-completed');

    const finished = await close();
    assert.equal(finished.exit, 'suspend');
    assert.match(finished.session_time, /^\d{2,4}:\d{2}:\d{2}$/);
    assert.equal(await page.evaluate(() => window.API.isTerminated()), true);
  });

  it('relaunched from the suspend data alone, the lab resumes where it was', { timeout: STEP_MS }, async () => {
    // What an LMS keeps and gives back; the browser's own storage is wiped.
    await page.evaluate(() => localStorage.clear());
    const record = { core: { lesson_status: 'completed', entry: 'resume', score: { raw: finalScore } }, suspend_data: suspend };
    await launch(`vlab-${LAB}.zip`, record);
    await visible('[data-testid="questions"][data-state="revealed"]');
    for (const [i, q] of questions.entries()) {
      assert.equal(await attr(`[data-testid="question-${q}"]`, 'data-correct'), String(i === 0), q);
    }
    await waitFor(async () => (await attr('li[data-testid="goal-db-protected"]', 'data-passed')) === 'true', 'goals met again');
    const now = await cmi();
    assert.equal(now.status, 'completed');
    assert.equal(now.raw, finalScore);
    assert.deepEqual(JSON.parse(now.suspend), JSON.parse(suspend), 'the same progress');
    await snap('lab-resumed');
    await close();
  });

  it('a new learner (no suspend data) starts afresh, whatever the browser stored', { timeout: STEP_MS }, async () => {
    await launch(`vlab-${LAB}.zip`);
    await visible('[data-testid="questions"][data-state="asking"]');
    assert.equal(await inFrame(`[data-testid="question-input-${questions[0]}"]`).inputValue(), '');
    await waitFor(async () => (await cmi()).status === 'incomplete', 'incomplete');
    assert.equal((await cmi()).raw, '0');
    await close();
  });

  it('the course package covers the catalog and reports the mean of the labs', { timeout: 2 * STEP_MS }, async () => {
    await launch('vlab-course.zip');
    await visible('[data-testid="catalog"]');
    await waitFor(async () => (await cmi()).status === 'incomplete', 'incomplete');
    assert.equal((await cmi()).raw, '0');
    const labs = await frame().locator('a[data-testid^="lab-link-"]').count();
    assert.ok(labs > 10, `${labs} labs in the catalog`);
    await inFrame(`a[data-testid="lab-link-${LAB}"]`).click();
    for (const q of questions) await inFrame(`[data-testid="question-input-${q}"]`).fill(key[q].expected);
    await inFrame('[data-testid="commit-answers"]').click();
    await visible('[data-testid="questions"][data-state="revealed"]');
    await inFrame('[data-testid="apply-solution"]').click();
    // One lab at 100 among all: the mean, rounded.
    const mean = String(Math.floor((2 * 100 + labs) / (2 * labs)));
    await waitFor(async () => (await cmi()).raw === mean, `course score ${mean}`);
    const now = await cmi();
    assert.equal(now.status, 'incomplete', 'one lab of many');
    assert.deepEqual(Object.keys(JSON.parse(now.suspend).l), [LAB]);
    await snap('course');
    await close();
  });

  it('the packaged page outside an LMS runs as usual', { timeout: STEP_MS }, async () => {
    await page.goto(`${server.url}lms/vlab-${LAB}/index.html`);
    await page.locator('[data-testid="catalog"]').first().waitFor({ state: 'visible', timeout: LOAD_MS });
    await page.locator(`a[data-testid="lab-link-${LAB}"]`).click();
    await page.locator('[data-testid="lab-page"]').first().waitFor({ state: 'visible', timeout: LOAD_MS });
    await snap('outside-lms');
  });

  it('no CSP violation, no request off 127.0.0.1, no panic', async (t) => {
    const index = new TextDecoder().decode(await fs.readFile(path.join(DIST, 'index.html')));
    const csp = /http-equiv="Content-Security-Policy"/i.test(index);
    t.diagnostic(`the build ${csp ? 'has' : 'has no'} a Content-Security-Policy`);
    assert.deepEqual(cspMessages, [], 'Content-Security-Policy violations');
    const foreign = requests.filter((u) => {
      const url = new URL(u);
      return !['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
    });
    assert.deepEqual(foreign, [], 'requests left the machine');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });
});
