// A tiny static file server for the end-to-end tests, with no dependencies.
// It serves `dir` under a sub-path (e.g. /course/vlab/) on 127.0.0.1 and a
// free port, which proves the release build uses relative URLs only: any
// absolute "/foo.js" request would miss the sub-path and get a 404.
//
//   import { start } from './serve.mjs';
//   const { url, close } = await start('dist', '/course/vlab/');
//
// Run directly to try a build by hand: node tests/e2e/serve.mjs dist /course/vlab/
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serve `dir` at http://127.0.0.1:<free port><subpath>. Returns {url, close, requests}. */
export async function start(dir, subpath = '/') {
  const root = path.resolve(dir);
  let base = subpath.startsWith('/') ? subpath : `/${subpath}`;
  if (!base.endsWith('/')) base += '/';
  const requests = []; // [status, path] of every request, for debugging

  const server = http.createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      requests.push([status, req.url]);
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      // The bare sub-path without its slash: redirect, as real servers do,
      // so that relative URLs resolve against the directory.
      if (pathname === base.slice(0, -1)) {
        requests.push([301, req.url]);
        res.writeHead(301, { Location: base });
        return res.end();
      }
      if (!pathname.startsWith(base)) return send(404, `not under ${base}: ${pathname}`);
      let rel = decodeURIComponent(pathname.slice(base.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, rel);
      // Refuse ../ escapes out of the served directory.
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
      const body = await fs.readFile(file);
      send(200, body, MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch (err) {
      send(err.code === 'ENOENT' || err.code === 'EISDIR' ? 404 : 500, String(err.message));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve); // port 0: the OS picks a free one
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// CLI use: node tests/e2e/serve.mjs [dir] [subpath]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await start(process.argv[2] ?? 'dist', process.argv[3] ?? '/course/vlab/');
  console.log(`serving ${process.argv[2] ?? 'dist'} at ${url} (Ctrl-C to stop)`);
}
