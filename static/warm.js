// A Web Worker that warms the whole app's code for the lab page about to
// open (issue 18; static/boot.js starts it, src/lab/warm.rs says why).
//
// Chromium compiles each WebAssembly function on its first call, on the
// calling thread, and shares the compiled code with every thread holding
// the same WebAssembly.Module. This worker is given the module the page is
// about to start, instantiates it (the module's `main` mounts nothing), and
// runs the lab page's pure code on the lab's file: the parse, the run, the
// figures. The page then finds those functions compiled instead of
// compiling them in its own tasks. The worker's instance has its own
// memory: nothing it computes reaches the page. It answers 'ok' or why not.
// The message: the glue's URL, the module, and the lab's file name with
// its text (when the page carries it) or its URL.
onmessage = async ({ data: { glue, module, file, text, url } }) => {
  try {
    const wasm = await import(glue);
    await wasm.default({ module_or_path: module });
    if (text === undefined) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      text = await response.text();
    }
    wasm.warmLab(file, text);
    postMessage('ok');
  } catch (err) {
    postMessage(String(err));
  }
};
