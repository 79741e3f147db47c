// Starts vlab: loads the wasm-bindgen glue and the WebAssembly it fetches.
//
// index.html's Content-Security-Policy refuses inline scripts, so the start
// Trunk would otherwise inline into the page lives in this file, served from
// the page's own origin. Trunk.toml's `pattern_script` writes the hashed
// file names of the glue and of the .wasm into <meta name="vlab-boot">.
// A module script runs once the page is parsed, so the meta is there.
// panic-buttons:start (scripts/package.mjs copies this block into the single file)
// The panic panel's buttons (src/common/panic_panel.rs). The release build
// aborts on a panic, so no Rust runs after it: plain JavaScript handles them.
addEventListener('click', (e) => {
  const button = e.target instanceof Element ? e.target.closest('[data-vlab-panic]') : null;
  if (!button) return;
  if (button.dataset.vlabPanic === 'reload') {
    location.reload();
    return;
  }
  const details = document.getElementById('panic-details');
  if (!details) return;
  details.select();
  navigator.clipboard?.writeText(details.value).catch(() => document.execCommand('copy'));
});
// panic-buttons:end
// Two builds (issue 18): the catalog alone (`vlab-catalog`, src/bin/vlab-catalog.rs,
// named by <meta name="vlab-catalog">, which `vlab prerender` writes) is the
// first visit's download; the whole app (`vlab-web`, <meta name="vlab-boot">)
// comes when a page other than the catalog is wanted. On the catalog's route
// (static/first-paint.js has set <html data-prerender="catalog">) the catalog
// build starts; on any other, without the catalog build (the single-file
// package) or in an LMS package, the whole app.
const named = (name) => {
  const meta = document.querySelector(`meta[name="${name}"]`);
  if (!meta) return null;
  const url = (key) => new URL(meta.dataset[key], document.baseURI).href;
  return { js: url('js'), wasm: url('wasm') };
};
const whole = named('vlab-boot');
if (!whole) throw new Error('vlab: index.html lacks <meta name="vlab-boot"> (see Trunk.toml)');
const catalog = named('vlab-catalog');

// The whole app comes through a worker, static/warm.js (issue 18). It
// downloads and compiles the module off the page's thread (the end of a
// streaming compile on the page's thread was one long task) and hands it
// over; before the first lab page it runs that lab's pure code, so that
// Chromium, which compiles WebAssembly lazily on the calling thread and
// shares the code between threads, has it compiled when the page needs it
// (src/lab/warm.rs). Without a worker (none, or it fails to start) the
// page compiles the module itself; without the warming, it compiles the
// lab's code itself: slower tasks, the same page.
let helper = null;
/** Sends `message` to the helper; its one reply, `{ error }` as an Error. */
const ask = (message) =>
  new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => (data?.error ? reject(new Error(data.error)) : resolve(data));
    helper.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'static/warm.js did not start'));
    };
    helper.postMessage(message);
  });
const endHelper = () => {
  helper?.terminate();
  helper = null;
};
const compileWhole = async () => {
  const url = new URL(whole.wasm, document.baseURI).href;
  try {
    helper = new Worker(new URL('warm.js', document.baseURI), { type: 'module' });
    return (await ask({ compile: url })).module;
  } catch {
    endHelper();
    return WebAssembly.compileStreaming(fetch(url));
  }
};

// The whole app's glue and compiled module, fetched once: on request, or
// earlier when a pointer or the keyboard reaches a link to a lab or page.
let wholeParts = null;
const fetchWhole = () => {
  wholeParts ??= Promise.all([import(whole.js), compileWhole()]).catch((err) => {
    wholeParts = null; // tried again on the next request
    throw err;
  });
  return wholeParts;
};
const started = (wasm) => dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// On a lab's route, the helper warms that lab's code: settles when it is
// done, has failed, or after WARM_WAIT_MS, and marks which on
// <html data-warm> ('off': no helper). Then the helper goes. The lab's
// file is in the page (an LMS package's data block, src/catalog.rs) or
// fetched here and put in the page the same way, so that the app reads
// it there and does not download it again.
const WARM_WAIT_MS = 2000;
const labInPage = async (file) => {
  const block = document.querySelector(`script[type="text/plain"][data-vlab-lab="${file}"]`);
  if (block) return block.textContent;
  const response = await fetch(new URL(`labs/${file}`, document.baseURI));
  if (!response.ok) throw new Error(`labs/${file}: HTTP ${response.status}`);
  const text = await response.text();
  const added = document.createElement('script');
  added.type = 'text/plain';
  added.dataset.vlabLab = file;
  added.textContent = text;
  document.head.append(added);
  return text;
};
const warm = async () => {
  const lab = /^#\/lab\/([a-z0-9-]+)(?:[?/]|$)/.exec(location.hash)?.[1];
  if (lab && !helper) document.documentElement.dataset.warm = 'off';
  if (helper && lab) {
    const file = `${lab}.toml`;
    const warmed = labInPage(file).then((text) => ask({ warm: { glue: new URL(whole.js, document.baseURI).href, file: `labs/${file}`, text } }));
    const late = new Promise((resolve) => setTimeout(resolve, WARM_WAIT_MS, 'late'));
    document.documentElement.dataset.warm = await Promise.race([warmed.then(() => 'done', () => 'failed'), late]);
  }
  endHelper();
};
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const startWhole = async (before) => {
  try {
    const [glue, module] = await fetchWhole();
    await warm();
    // Instantiating starts nothing (src/main.rs). Then, a task each: Yew's
    // DOM code warmed, and the first render, in which the catalog goes and
    // the whole app renders its first page, so no frame is blank.
    const wasm = await glue.default({ module_or_path: module });
    await nextTask();
    glue.warmDom(); // src/common/warm_dom.rs
    await nextTask();
    before?.();
    glue.mountApp();
    started(wasm);
  } catch (err) {
    document.documentElement.dataset.bootFailed = 'on';
    throw err;
  }
};

// An LMS package (<meta name="vlab-scorm">) reports from its first page:
// only the whole app talks to the LMS.
const lms = document.querySelector('meta[name="vlab-scorm"]');
if (catalog && !lms && document.documentElement.dataset.prerender === 'catalog') {
  let glue;
  // src/pages/handover.rs: the catalog build was asked for a page it lacks
  // (maybe in its first render, so listened for before it starts).
  addEventListener('vlab-need-app', () => startWhole(() => glue.stop()), { once: true });
  try {
    glue = await import(catalog.js);
    started(await glue.default({ module_or_path: catalog.wasm }));
  } catch (err) {
    document.documentElement.dataset.bootFailed = 'on';
    throw err;
  }
  // A link about to be followed: start the download now. The app's links
  // to the catalog are all "#/" (src/state/route.rs, Route::href).
  const intent = (e) => {
    const link = e.target instanceof Element ? e.target.closest('a[href^="#/"]') : null;
    if (link && link.getAttribute('href') !== '#/') fetchWhole().catch(() => {});
  };
  addEventListener('pointerover', intent, { passive: true });
  addEventListener('focusin', intent);
} else {
  await startWhole();
}
