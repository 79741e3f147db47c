// What every end-to-end test file shares: the wait helper and the browser
// launch flags the toolchain notes give for this machine.

export const LOAD_MS = 30_000;

/** Polls `fn` until it returns a truthy value; rethrows its last failure on timeout. */
export async function waitFor(fn, what, timeoutMs = LOAD_MS) {
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

/** Options for chromium.launchPersistentContext: no sandbox (root in CI), and no
 *  background networking, which would flood the closed network. */
export function launchOptions(extra = {}) {
  return {
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
    ...extra,
  };
}

/**
 * The text a student reads in `locator` once scrolled to it. The lab page's
 * tables, charts and event log are laid out only near the viewport
 * (`content-visibility: auto`, static/style.css), and `innerText` of a part
 * not laid out is empty, as it is for anything not rendered.
 */
export async function readText(locator) {
  await locator.scrollIntoViewIfNeeded();
  // The part is laid out in the frame after the scroll.
  await locator.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return locator.innerText();
}

/**
 * A screenshot of the whole page as a window tall enough for all of it
 * shows it. The lab page lays its lower parts out only near the viewport
 * (`content-visibility: auto`), so a full-page capture of a usual window
 * shows them as empty boxes; the window grows (twice at most: the parts'
 * real heights replace their placeholders) and is restored after.
 */
export async function wholePage(page, file) {
  const size = page.viewportSize();
  for (let k = 0; size && k < 2; k++) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height <= page.viewportSize().height) break;
    await page.setViewportSize({ width: size.width, height });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  await page.screenshot({ path: file, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** On a lab page: skips the predictions (Explore) if the lab asks any, so the outcome shows. */
export async function explore(page) {
  await page.locator('[data-testid="lab-page"]').first().waitFor({ state: 'visible', timeout: LOAD_MS });
  await waitFor(async () => (await page.locator('[data-testid="questions"]').count()) > 0, 'the questions panel');
  if (await page.locator('[data-testid="questions"][data-state="asking"]').count()) {
    await page.locator('[data-testid="explore"]').click();
  }
}
