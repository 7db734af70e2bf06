// A minimal static file server for the end-to-end tests: serves `dist/` under a base path
// (default `/`), with the MIME types a static host must send (application/wasm for the wasm).
// With `precompressed`, it sends the build's `.br` or `.gz` copy of a file when the browser
// accepts it, as nginx's `brotli_static`/`gzip_static` do (README, "Deploy").
// Usage: node static-server.mjs <dir> <port> [basePath] [precompressed]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const [dir = 'dist', port = '4173', base = '/', mode = ''] = process.argv.slice(2);
const precompressed = mode === 'precompressed';
const root = resolve(dir);
const prefix = base.endsWith('/') ? base : `${base}/`;
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon',
};

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end('not found');
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const info = await stat(file);
    const path = info.isDirectory() ? join(file, 'index.html') : file;
    const headers = {
      'content-type': types[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    };
    let body = await readFile(path);
    if (precompressed) {
      headers.vary = 'Accept-Encoding';
      const accepted = String(req.headers['accept-encoding'] ?? '');
      for (const [token, ext] of [['br', 'br'], ['gzip', 'gz']]) {
        if (!accepted.includes(token)) continue;
        const copy = await readFile(`${path}.${ext}`).catch(() => null);
        if (copy) {
          body = copy;
          headers['content-encoding'] = token;
          break;
        }
      }
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(Number(port), '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}${prefix}`);
});
