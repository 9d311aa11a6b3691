// Static file server for build/web/dist with the right MIME types (application/wasm
// matters: browsers refuse streaming compilation otherwise). Loopback only.
//   node scripts/serve.mjs DIR [PORT]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] || 'build/web/dist');
const port = Number(process.argv[3] || 8080);
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.css': 'text/css; charset=utf-8', '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

export function createServer(dir) {
  return http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '/'; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) { res.writeHead(403).end('forbidden'); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream',
                           'Cache-Control': 'no-cache' });
      res.end(data);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`no index.html in ${root}: build the web app first (scripts/build.sh web)`);
    process.exit(1);
  }
  createServer(root).listen(port, '127.0.0.1', () => {
    console.log(`mlviz: serving ${root}`);
    console.log(`open http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
  });
}
