// Runs before the first paint: a classic, synchronous script in <head>
// (index.html's Content-Security-Policy refuses inline scripts;
// scripts/package.mjs inlines this file, by its hash, in the single file).
//
// The catalog `vlab prerender` wrote into <body> (src/cli/prerender.rs)
// shows until the app starts, in both languages and all hidden. This gives
// <html> the language and theme the app is about to set (src/app.rs,
// reflect_on_document), from what the app stores (src/state/storage.rs:
// JSON under "vlab.state", read only as its version 1; otherwise the app's
// defaults, English and light), and names the part to show
// (static/style.css): the catalog on its route (`#/`), on any other route
// a line saying the app is starting.
(() => {
  const root = document.documentElement;
  let prefs = { lang: 'en', theme: 'light', presenter: false };
  try {
    const stored = JSON.parse(localStorage.getItem('vlab.state'));
    if (
      stored?.version === 1 &&
      ['en', 'zh-CN'].includes(stored.lang) &&
      ['light', 'dark', 'projector'].includes(stored.theme)
    ) {
      prefs = stored;
    }
  } catch {
    // No storage (blocked, or a sandboxed frame) or unreadable: the defaults.
  }
  root.lang = prefs.lang;
  // Presenter mode shows the projector theme, whatever was chosen.
  root.dataset.theme = prefs.presenter === true ? 'projector' : prefs.theme;
  if (prefs.presenter === true) root.dataset.presenter = 'on';
  // As src/state/route.rs reads the hash: only slashes before any query is the catalog.
  const part = () => {
    root.dataset.prerender = /^#?\/*(\?.*)?$/.test(location.hash) ? 'catalog' : 'loading';
  };
  part();
  // A link followed before the app starts: say it is coming.
  addEventListener('hashchange', part);
})();
