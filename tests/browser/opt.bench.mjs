// Compares web builds made with different optimisation flags (e.g. -O3 in build/web/dist and -Os
// in build/web-os/dist): download size, time to first frame and the CPU time of a frame in
// headless Chromium. A measurement, not a test.
//   node tests/browser/opt.bench.mjs build/web/dist build/web-os/dist
// Frame time is the duration of each requestAnimationFrame callback (Emscripten's main loop runs
// in one: app, views, cores, ImGui and the WebGL calls), timed by a wrapper installed before the
// page's scripts run, over 240 frames of each topic after 60 frames of warm-up.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch } from './helpers.mjs';

const topics = ['activations', 'gradient_flow', 'classical_ml', 'segmentation', 'conv_blocks', 'classical_detectors&tab=cascade'];
const dists = process.argv.slice(2).map((d) => path.resolve(d));
if (dists.length === 0) {
  console.error('usage: node tests/browser/opt.bench.mjs DIST [DIST...]');
  process.exit(2);
}

const gzipKb = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];

function timeFrames() {
  window.__frameMs = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((t) => {
    const t0 = performance.now();
    cb(t);
    window.__frameMs.push(performance.now() - t0);
  });
}

async function firstFrameMs(browser, url) {
  const page = await browser.context.newPage();
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => {
    try { return window.mlviz && window.mlviz.frames && window.mlviz.frames() >= 1; } catch (e) { return false; }
  }, null, { timeout: 120000, polling: 5 });
  const ms = Date.now() - t0;
  await page.close();
  return ms;
}

async function frameTimes(browser, url) {
  const page = await browser.context.newPage();
  await page.addInitScript(timeFrames);
  await page.goto(url);
  await page.waitForFunction(() => window.mlviz && window.mlviz.ready && window.mlviz.frames() > 60, null,
                             { timeout: 120000 });
  await page.evaluate(() => { window.__frameMs = []; });
  await page.waitForFunction(() => window.__frameMs.length >= 240, null, { timeout: 120000, polling: 100 });
  const ms = await page.evaluate(() => window.__frameMs.slice(0, 240));
  await page.close();
  return ms;
}

const browser = await launch({ width: 1280, height: 800 });
try {
  for (const dist of dists) {
    const server = await startServer(dist);
    try {
      const size = ['index.html', 'mlviz.js', 'mlviz.wasm'].reduce((s, f) => s + gzipKb(path.join(dist, f)), 0);
      const first = [];
      for (let i = 0; i < 3; i++) first.push(await firstFrameMs(browser, server.url));
      console.log(`${dist}: ${size.toFixed(0)} KB gzip (wasm ${gzipKb(path.join(dist, 'mlviz.wasm')).toFixed(0)} KB), ` +
                  `first frame median ${median(first)} ms (${first.join(', ')})`);
      for (const t of topics) {
        const ms = await frameTimes(browser, `${server.url}#topic=${t}`);
        console.log(`  ${t.padEnd(16)} frame ms: median ${median(ms).toFixed(2)}, p95 ${pct(ms, 0.95).toFixed(2)}, ` +
                    `max ${Math.max(...ms).toFixed(2)}`);
      }
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}
