// The whole app's helper worker (issue 18; static/boot.js starts it and
// says why; src/lab/warm.rs). It answers two requests, each with one
// message, `{ error }` when it failed:
//   { compile: url }  downloads and compiles the whole app's module here,
//                     off the page's thread, and answers `{ module }`;
//   { warm: { glue, file, text } }
//                     instantiates that module with its glue (the module's
//                     `main` mounts nothing) and runs the lab page's pure
//                     code on lab file `file`, whose text is `text`.
//                     Chromium shares what this compiles with the page.
//                     The instance's memory is this worker's own: nothing
//                     it computes reaches the page. Answers `{}`.
let module = null;
onmessage = async ({ data }) => {
  try {
    if (data.compile) {
      module = await WebAssembly.compileStreaming(fetch(data.compile));
      postMessage({ module });
    } else if (data.warm) {
      const { glue, file, text } = data.warm;
      const wasm = await import(glue);
      await wasm.default({ module_or_path: module });
      wasm.warmLab(file, text);
      postMessage({});
    }
  } catch (err) {
    postMessage({ error: String(err) || 'failed' });
  }
};
