// The sandbox (#/sandbox, src/sandbox/): build a cluster in forms, see an
// out-of-range value explained next to its field in the page's language,
// fix it and watch the live run take the change, keep the draft across a
// reload, save the lab file, and reopen it through the open page (#/open)
// where it runs as it ran in the sandbox. In English and in 简体中文, with
// screenshots on a 1366-px laptop and in the projector theme.
// Run with: VLAB_DIST=<dir> node --test tests/e2e/sandbox.test.mjs
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

const sel = {
  sandbox: '[data-testid="sandbox"]',
  live: '[data-testid="sandbox-live"] [data-testid="lab-page"]',
  hosts: '[data-testid="sandbox-host"]',
  vms: '[data-testid="sandbox-vm"]',
  addHost: 'button[data-testid="sandbox-add-host"]',
  addVm: 'button[data-testid="sandbox-add-vm"]',
  save: 'button[data-testid="sandbox-save"]',
  status: '[data-testid="sandbox-status"]',
  // The fourth VM (the one added): its vCPUs, its message.
  vcpus: '#sb-vm-3-vcpus',
  vcpusMsg: '#sb-vm-3-vcpus-msg',
};

/** What the out-of-range message says in each language. */
const OUTSIDE = { en: 'outside what is allowed', 'zh-CN': '超出允许范围' };

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

/** A fresh browser profile on a 1366-px laptop screen; a panic fails the test. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
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

const snap = (page, name, fullPage = false) =>
  page.screenshot({ path: path.join(ARTIFACTS, `sandbox-${name}.png`), fullPage });

/** The VM rows the live run's VM table shows. */
const liveVmRow = (page, root, name) => page.locator(`${root} [data-testid="vmrow-${name}"]`);

for (const lang of ['en', 'zh-CN']) {
  describe(`the sandbox (${lang})`, { timeout: 300_000 }, () => {
    it('builds a cluster, explains a wrong value at its field, runs the fix live, keeps the draft, and saves a file the open page reopens', async () => {
      const { context, page, errors } = await freshPage();
      await page.goto(`${server.url}#/`);
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await setLang(page, lang);
      // The catalog and the header both lead to the sandbox.
      assert.equal(await page.locator('a[data-testid="catalog-sandbox"]').count(), 1);
      await page.locator('a[data-testid="nav-sandbox"]').click();
      await page.locator(sel.sandbox).waitFor({ timeout: LOAD_MS });
      // The example runs at once: two hosts, three VMs, web and batch on esx1.
      await page.locator(sel.live).waitFor({ timeout: LOAD_MS });
      await liveVmRow(page, sel.live, 'batch').first().waitFor({ timeout: LOAD_MS });
      assert.equal(await page.locator(sel.hosts).count(), 2);
      assert.equal(await page.locator(sel.vms).count(), 3);
      // Every input has a visible label; numbers show their unit.
      const cpuLabel = await page.locator('label[for="sb-host-0-cpu_mhz"]').innerText();
      assert.ok(cpuLabel.includes('MHz'), cpuLabel);
      await snap(page, `forms-1366-${lang}`);

      // Add a host and a VM.
      await page.locator(sel.addHost).click();
      await waitFor(async () => (await page.locator(sel.hosts).count()) === 3, 'a third host');
      await page.locator(sel.addVm).click();
      await waitFor(async () => (await page.locator(sel.vms).count()) === 4, 'a fourth VM');
      assert.equal(await page.locator('#sb-vm-3-name').inputValue(), 'vm1');

      // An out-of-range value: the message appears next to the field, in the page's language.
      await page.locator(sel.vcpus).fill('999');
      await page.locator(sel.vcpusMsg).waitFor({ timeout: LOAD_MS });
      const message = await page.locator(sel.vcpusMsg).innerText();
      assert.ok(message.includes('999') && message.includes('768') && message.includes(OUTSIDE[lang]), message);
      assert.equal(await page.locator(sel.vcpus).getAttribute('aria-invalid'), 'true');
      assert.ok((await page.locator(sel.vcpus).getAttribute('aria-describedby')).includes('sb-vm-3-vcpus-msg'));
      assert.ok(await page.locator(sel.save).isDisabled(), 'nothing invalid is saved');
      // Nothing broke: the last valid run stays on screen, and the status says why.
      await page.locator(`${sel.status}.bad`).waitFor();
      await page.locator(sel.live).waitFor();
      await page.locator(sel.vcpus).scrollIntoViewIfNeeded();
      await snap(page, `out-of-range-${lang}`);

      // Fixed: the message goes; renamed, the VM shows under its new name in the live run.
      await page.locator(sel.vcpus).fill('4');
      await waitFor(async () => (await page.locator(sel.vcpusMsg).count()) === 0, 'the message gone');
      assert.equal(await page.locator(sel.vcpus).getAttribute('aria-invalid'), 'false');
      await page.locator('#sb-vm-3-name').fill('app');
      await liveVmRow(page, sel.live, 'app').first().waitFor({ timeout: LOAD_MS });
      await waitFor(async () => (await liveVmRow(page, sel.live, 'vm1').count()) === 0, 'vm1 renamed in the run');
      await page.locator(`${sel.status}.ok`).waitFor();

      // The draft survives a reload.
      await page.reload();
      await page.locator(sel.sandbox).waitFor({ timeout: LOAD_MS });
      assert.equal(await page.locator(sel.vms).count(), 4, 'the draft was kept');
      assert.equal(await page.locator(sel.hosts).count(), 3);
      await liveVmRow(page, sel.live, 'app').first().waitFor({ timeout: LOAD_MS });

      // Save as lab file: my-cluster.toml, with the new host and VM in it.
      await page.locator(sel.save).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel.save).click()]);
      assert.equal(download.suggestedFilename(), 'my-cluster.toml');
      const saved = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'vlab-sandbox-')), 'my-cluster.toml');
      await download.saveAs(saved);
      const text = await fs.readFile(saved, 'utf8');
      assert.ok(text.includes('id = "my-cluster"') && text.includes('name = "app"\nhost = "esx1"\nvcpus = 4') && text.includes('name = "esx3"'), text);
      await page.locator('[data-testid="sandbox-saved"]').waitFor();
      // The file, shown to copy, is the one saved.
      assert.equal(await page.locator('[data-testid="sandbox-toml"] pre').textContent(), text);
      await snap(page, `saved-${lang}`);

      // The projector theme: the same forms, readable from the back row.
      await page.locator('select[data-testid="theme-select"]').selectOption('projector');
      await page.locator(sel.vcpus).scrollIntoViewIfNeeded();
      await snap(page, `projector-${lang}`);
      await page.locator('select[data-testid="theme-select"]').selectOption('light');

      // Reopened through the open page, it runs as it ran in the sandbox.
      await page.goto(`${server.url}#/open`);
      await page.locator('[data-testid="open-page"]').waitFor({ timeout: LOAD_MS });
      await page.setInputFiles('input[data-testid="open-file"]', saved);
      const reopened = '[data-testid="lab-page"][data-lab="mine-my-cluster"]';
      await page.locator(reopened).waitFor({ timeout: LOAD_MS });
      await liveVmRow(page, reopened, 'app').first().waitFor({ timeout: LOAD_MS });
      const title = await page.locator(`${reopened} h1`).first().innerText();
      assert.ok(title.includes(lang === 'en' ? 'My cluster' : '我的集群'), title);
      await snap(page, `reopened-${lang}`);

      assert.deepEqual(errors, []);
      await context.close();
    });

    it('shares the lab it built as a link that opens in a fresh browser profile', async () => {
      const { context, page, errors } = await freshPage();
      await page.goto(`${server.url}#/`);
      await page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await setLang(page, lang);
      await page.goto(`${server.url}#/sandbox`);
      await page.locator(sel.live).waitFor({ timeout: LOAD_MS });
      // A VM of the teacher's own: it must reach the other browser.
      await page.locator(sel.addVm).click();
      await waitFor(async () => (await page.locator(sel.vms).count()) === 4, 'a fourth VM');
      await page.locator('#sb-vm-3-name').fill('shared');
      await liveVmRow(page, sel.live, 'shared').first().waitFor({ timeout: LOAD_MS });
      // The live lab's share box carries the lab itself (#/open?lab=…).
      await page.locator(`${sel.live} [data-testid="share-box"] summary`).click();
      const link = await page.locator(`${sel.live} [data-testid="share-link"]`).inputValue();
      assert.ok(link.includes('#/open?lab='), link);
      await page.locator(`${sel.live} [data-testid="share-box"]`).scrollIntoViewIfNeeded();
      await snap(page, `share-link-${lang}`);
      assert.deepEqual(errors, []);
      await context.close();

      // A fresh profile: nothing stored, no sandbox draft; the link alone.
      const other = await freshPage();
      await other.page.goto(`${server.url}#/`);
      await other.page.locator('[data-testid="catalog"]').waitFor({ timeout: LOAD_MS });
      await setLang(other.page, lang);
      await other.page.goto(link);
      const opened = '[data-testid="lab-page"][data-lab="mine-my-cluster"]';
      await other.page.locator(opened).waitFor({ timeout: LOAD_MS });
      await liveVmRow(other.page, opened, 'shared').first().waitFor({ timeout: LOAD_MS });
      const title = await other.page.locator(`${opened} h1`).first().innerText();
      assert.ok(title.includes(lang === 'en' ? 'My cluster' : '我的集群'), title);
      await snap(other.page, `shared-opened-${lang}`);
      assert.deepEqual(other.errors, []);
      await other.context.close();
    });
  });
}
