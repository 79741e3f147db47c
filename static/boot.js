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
const meta = document.querySelector('meta[name="vlab-boot"]');
if (!meta) throw new Error('vlab: index.html lacks <meta name="vlab-boot"> (see Trunk.toml)');
const url = (name) => new URL(meta.dataset[name], document.baseURI).href;
const { default: init } = await import(url('js'));
const wasm = await init({ module_or_path: url('wasm') });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
