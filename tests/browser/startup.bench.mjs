// Start-up benchmark: time from navigation to the first rendered frame of mlviz vs a bare
// Dear ImGui page built with the same flags (build/web/bare), loaded the same way in the same
// run, alternating, 3 loads each. Prints the medians and their ratio; it is a measurement,
// not a pass/fail test.  node tests/browser/startup.bench.mjs
import path from 'node:path';
import { startServer, launch, distDir } from './helpers.mjs';

const bareDir = path.resolve(distDir, '../bare');

async function firstFrameMs(browser, url) {
  const page = await browser.context.newPage();
  const t0 = Date.now();
  await page.goto(url);
  // The hook may exist before the wasm runtime is up (calling it then throws): not ready yet.
  await page.waitForFunction(() => {
    try { return window.mlviz && window.mlviz.frames && window.mlviz.frames() >= 1; } catch (e) { return false; }
  }, null, { timeout: 120000, polling: 5 });
  const ms = Date.now() - t0;
  await page.close();
  return ms;
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const app = await startServer(distDir);
const bare = await startServer(bareDir);
const browser = await launch({ width: 1280, height: 800 });
try {
  const a = [], b = [];
  for (let i = 0; i < 3; i++) {
    b.push(await firstFrameMs(browser, bare.url));
    a.push(await firstFrameMs(browser, app.url));
  }
  const ma = median(a), mb = median(b);
  console.log(`time to first frame: mlviz ${ma} ms, bare Dear ImGui ${mb} ms, ratio ${(ma / mb).toFixed(2)} ` +
              `(runs: mlviz ${a.join(', ')}; bare ${b.join(', ')})`);
} finally {
  await browser.close();
  await app.close();
  await bare.close();
}
