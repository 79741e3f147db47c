// The whole app's helper worker (issue 18; static/boot.js starts it and
// says why; src/lab/warm.rs). It answers two requests, each with one
// message, `{ error }` when it failed:
//   { compile: url }  downloads and compiles the whole app's module here,
//                     off the page's thread, and answers `{ module }`;
//   { warm: { glue, file, text, url } }
//                     instantiates that module with its glue (the module's
//                     `main` mounts nothing) and runs the lab page's pure
//                     code on lab file `file`: its `text`, or fetched from
//                     `url`. Chromium shares what this compiles with the
//                     page. The instance's memory is this worker's own:
//                     nothing it computes reaches the page. Answers `{}`.
let module = null;
onmessage = async ({ data }) => {
  try {
    if (data.compile) {
      module = await WebAssembly.compileStreaming(fetch(data.compile));
      postMessage({ module });
    } else if (data.warm) {
      let { glue, file, text, url } = data.warm;
      const wasm = await import(glue);
      await wasm.default({ module_or_path: module });
      if (typeof text !== 'string') {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        text = await response.text();
      }
      wasm.warmLab(file, text);
      postMessage({});
    }
  } catch (err) {
    postMessage({ error: String(err) || 'failed' });
  }
};
