// Opening a lab file in the browser (#/open, src/pages/open_page.rs): a
// file with an error shows its `file:line: field: message` and the marked
// line; fixed in place it opens and runs like a built-in lab; its share
// link carries the lab itself and opens in a fresh browser (no storage);
// a lab too large for a link offers its file instead; a damaged link says
// what is wrong. In English and in 简体中文, with screenshots.
// Run with: VLAB_DIST=<dir> node --test tests/e2e/open-lab.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { LOAD_MS, launchOptions, waitFor, explore, wholePage } from './support.mjs';
import { start } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.VLAB_DIST ?? path.join(here, '..', '..', 'dist'));
const ARTIFACTS = path.join(here, 'artifacts');
const LAB = 'shares-contention';
const GOOD = await fs.readFile(path.join(here, '..', '..', 'labs', `${LAB}.toml`), 'utf8');
// The error the issue names: a number given as words.
const BROKEN = GOOD.replace('mem_mb = 32768', 'mem_mb = "lots"');
const BROKEN_LINE = GOOD.slice(0, GOOD.indexOf('mem_mb = 32768')).split('\n').length;

/** A lab deflate cannot shrink under the link limit: pseudo-random letters in a comment. */
function bigLab() {
  let x = 1n;
  let noise = '';
  for (let i = 0; i < 20_000; i++) {
    x = (x * 6364136223846793005n + 1n) % 2n ** 64n;
    noise += String.fromCharCode(97 + Number((x >> 40n) % 26n));
  }
  return GOOD.replace(`id = "${LAB}"`, 'id = "big-lab"') + `\n# ${noise}\n`;
}

const sel = {
  file: 'input[data-testid="open-file"]',
  errors: '[data-testid="open-errors"] li',
  badLine: '[data-testid="src-bad-line"]',
  message: '[data-testid="src-msg"]',
  text: 'textarea[data-testid="open-text"]',
  again: 'button[data-testid="open-check-again"]',
  labPage: '[data-testid="lab-page"]',
  shareLink: 'input[data-testid="share-link"]',
};

let server, browser;

before(async () => {
  await fs.access(path.join(DIST, 'index.html'));
  await fs.mkdir(ARTIFACTS, { recursive: true });
  server = await start(DIST, '/course/vlab/');
  const { executablePath, headless, args } = launchOptions();
  browser = await chromium.launch({ executablePath, headless, args });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser profile (no storage) and a page that fails the test on a panic. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

async function setLang(page, lang) {
  await page.locator('select[data-testid="lang-select"]').selectOption(lang);
  await waitFor(async () => (await page.getAttribute('html', 'lang')) === lang, `html[lang="${lang}"]`);
}

const snap = (page, name) => wholePage(page, path.join(ARTIFACTS, `open-lab-${name}.png`));

for (const lang of ['en', 'zh-CN']) {
  describe(`open a lab file (${lang})`, { timeout: 240_000 }, () => {
    it('a file with an error shows the checker’s message on its marked line; fixed in place it runs; its link opens it in a fresh browser', async () => {
      const { context, page, errors } = await freshPage();
      await page.goto(`${server.url}#/`);
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await setLang(page, lang);
      // The header links to the open page.
      await page.locator('a[data-testid="nav-open"]').click();
      await page.locator('[data-testid="open-page"]').waitFor({ timeout: LOAD_MS });
      // The file input is labelled.
      const label = await page.locator('label[for="open-file"]').innerText();
      assert.ok(label.includes('.toml'), label);

      await page.setInputFiles(sel.file, { name: 'broken.toml', mimeType: 'text/plain', buffer: Buffer.from(BROKEN) });
      await page.locator(sel.errors).first().waitFor({ timeout: LOAD_MS });
      const first = await page.locator(sel.errors).first().innerText();
      assert.match(first, new RegExp(`^broken\\.toml:${BROKEN_LINE}: [^:]*mem_mb: `), first);
      // The offending line is marked, with the message right under it.
      const bad = page.locator(sel.badLine).first();
      assert.equal(await bad.getAttribute('data-line'), String(BROKEN_LINE));
      assert.ok((await bad.innerText()).includes('mem_mb = "lots"'));
      const message = page.locator(`${sel.badLine} + ${sel.message}`).first();
      assert.ok((await message.innerText()).includes('mem_mb'), 'the message sits under its line');
      assert.equal(await page.locator(sel.text).inputValue(), BROKEN, 'the text to fix is the file');
      await snap(page, `error-${lang}`);

      // Fixed in place, with the keyboard: type in the text area, then "Check again".
      await page.locator(sel.text).fill(GOOD);
      await page.locator(sel.again).focus();
      await page.keyboard.press('Enter');
      await page.locator(`${sel.labPage}[data-lab="mine-${LAB}"]`).waitFor({ timeout: LOAD_MS });
      assert.ok(page.url().endsWith(`#/lab/mine-${LAB}`), page.url());
      await page.locator('[data-testid="user-lab-note"]').waitFor();
      await explore(page);
      await page.locator('[data-testid="goals-panel"], .goals-panel').first().waitFor({ timeout: LOAD_MS });
      await page.locator(`${sel.labPage} canvas`).first().waitFor({ timeout: LOAD_MS });
      assert.ok((await page.locator('.goals-panel li').count()) > 0, 'the lab has goals');
      await snap(page, `fixed-runs-${lang}`);

      // It is kept: after a reload it is still there.
      await page.reload();
      await page.locator(`${sel.labPage}[data-lab="mine-${LAB}"]`).waitFor({ timeout: LOAD_MS });

      // Its share link carries the lab.
      await page.locator('[data-testid="share-box"] summary').click();
      const link = await page.locator(sel.shareLink).inputValue();
      assert.match(link, /#\/open\?lab=[A-Za-z0-9_-]+&file=broken\.toml/);
      assert.ok(link.length <= 8000, `${link.length} characters`);
      assert.deepEqual(errors, []);

      // A fresh browser, nothing stored: the link opens the lab.
      const fresh = await freshPage();
      await fresh.page.goto(link);
      await fresh.page.locator(`${sel.labPage}[data-lab="mine-${LAB}"]`).waitFor({ timeout: LOAD_MS });
      assert.ok(fresh.page.url().endsWith(`#/lab/mine-${LAB}`), 'the link is replaced by the lab');
      await explore(fresh.page);
      await fresh.page.locator(`${sel.labPage} canvas`).first().waitFor({ timeout: LOAD_MS });
      if (lang !== 'en') await setLang(fresh.page, lang);
      await snap(fresh.page, `shared-fresh-${lang}`);
      // It is kept there too, in "Your labs".
      await fresh.page.goto(`${server.url}#/open`);
      await fresh.page.locator(`[data-testid="my-lab-mine-${LAB}"]`).waitFor({ timeout: LOAD_MS });
      assert.deepEqual(fresh.errors, []);
      await fresh.context.close();
      await context.close();
    });

    it('a lab too large for a link says why and offers its file', async () => {
      const { context, page, errors } = await freshPage();
      await page.goto(`${server.url}#/open`);
      await page.locator('[data-testid="open-page"]').waitFor({ timeout: LOAD_MS });
      await setLang(page, lang);
      await page.setInputFiles(sel.file, { name: 'big.toml', mimeType: 'text/plain', buffer: Buffer.from(bigLab()) });
      await page.locator(`${sel.labPage}[data-lab="mine-big-lab"]`).waitFor({ timeout: LOAD_MS });
      await page.locator('[data-testid="share-box"] summary').click();
      const note = page.locator('[data-testid="share-too-long"]');
      await note.waitFor();
      const text = await note.innerText();
      assert.ok(text.includes(lang === 'en' ? '8,000' : '8000'), text);
      assert.equal(await page.locator(sel.shareLink).count(), 0, 'no link offered');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('button[data-testid="share-download"]').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'big.toml');
      const saved = await fs.readFile(await download.path(), 'utf8');
      assert.equal(saved, bigLab(), 'the file downloaded is the file opened');
      await snap(page, `too-long-${lang}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    it('a damaged link says what is wrong instead of failing', async () => {
      const { context, page, errors } = await freshPage();
      await page.goto(`${server.url}#/`);
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await setLang(page, lang);
      await page.goto(`${server.url}#/open?lab=eJzLSM3JyVcozy_KSQEA!!`);
      const problem = page.locator('[data-testid="open-link-problem"]');
      await problem.waitFor({ timeout: LOAD_MS });
      assert.ok((await problem.innerText()).length > 20);
      await snap(page, `damaged-link-${lang}`);
      // A link whose lab has an error: the same view as a bad file.
      const { deflateRawSync } = await import('node:zlib');
      const payload = deflateRawSync(Buffer.from(BROKEN)).toString('base64url');
      await page.goto(`${server.url}#/open?lab=${payload}&file=sent.toml`);
      await page.locator(sel.errors).first().waitFor({ timeout: LOAD_MS });
      assert.match(await page.locator(sel.errors).first().innerText(), new RegExp(`^sent\\.toml:${BROKEN_LINE}: `));
      await snap(page, `bad-link-${lang}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}

describe('drop a file anywhere on the page', { timeout: 120_000 }, () => {
  it('highlights the page while a file is dragged over it, and opens it when dropped', async () => {
    const { context, page, errors } = await freshPage();
    await page.goto(`${server.url}#/open`);
    await page.locator('[data-testid="open-page"]').waitFor({ timeout: LOAD_MS });
    const scenario = 'duration_s = 60\n[[host]]\nname = "esx1"\ncpu_mhz = 8000\nmem_mb = 16384\n[[vm]]\nname = "a"\nhost = "esx1"\nvcpus = 1\nmem_mb = 1024\ncpu_demand_mhz = 500\n';
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'My Cluster.toml', { type: 'text/plain' }));
      return dt;
    }, scenario);
    await page.dispatchEvent('h1', 'dragover', { dataTransfer: transfer });
    await page.locator('[data-testid="drop-overlay"]').waitFor();
    await snap(page, 'drag-over-en');
    await page.dispatchEvent('h1', 'drop', { dataTransfer: transfer });
    await page.locator(`${sel.labPage}[data-lab="mine-my-cluster"]`).waitFor({ timeout: LOAD_MS });
    assert.equal(await page.locator('[data-testid="drop-overlay"]').count(), 0);
    // A bare scenario: a cluster to watch, said so.
    await page.locator('[data-testid="no-goals"]').waitFor();
    await page.locator(`${sel.labPage} canvas`).first().waitFor({ timeout: LOAD_MS });
    await snap(page, 'scenario-en');
    // Your labs on the catalog: Remove forgets it.
    await page.goto(`${server.url}#/`);
    const row = page.locator('[data-testid="my-lab-mine-my-cluster"]');
    await row.waitFor({ timeout: LOAD_MS });
    await row.locator('[data-testid="my-lab-remove"]').click();
    await waitFor(async () => (await row.count()) === 0, 'the lab removed');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
