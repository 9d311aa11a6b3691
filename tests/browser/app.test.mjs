// Browser test of the web build: serves build/web/dist (or $MLVIZ_DIST) locally and drives the
// real page in Debian chromium (headless, SwiftShader WebGL2) with playwright-core.
//   cd tests/browser && node --test
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { distDir, launch, openApp, pngStats, saveArtifact, startServer, waitFrames } from './helpers.mjs';

let server;
let browser;         // 1280x800, device scale 1
const TIMEOUT = { timeout: 240000 };

before(async () => {
  for (const f of ['index.html', 'mlviz.js', 'mlviz.wasm'])
    assert.ok(fs.existsSync(path.join(distDir, f)), `${path.join(distDir, f)} is missing: build the web app first`);
  server = await startServer();
  browser = await launch({ width: 1280, height: 800 });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

function rawGet(port, urlPath) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the server sends index.html, mlviz.js and mlviz.wasm with the right MIME types', async () => {
  const expected = { '/': 'text/html', '/index.html': 'text/html', '/mlviz.js': 'text/javascript', '/mlviz.wasm': 'application/wasm' };
  for (const [p, type] of Object.entries(expected)) {
    const r = await rawGet(server.port, p);
    assert.equal(r.status, 200, `${p}: HTTP ${r.status}`);
    assert.ok(r.type.startsWith(type), `${p}: Content-Type ${r.type}, expected ${type}`);
    assert.ok(r.body.length > 0, `${p}: empty body`);
  }
  const wasm = await rawGet(server.port, '/mlviz.wasm');
  assert.deepEqual([...wasm.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'mlviz.wasm does not start with \\0asm');
  assert.equal((await rawGet(server.port, '/no-such-file.js')).status, 404);
  for (const p of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/scripts/serve.mjs']) {
    const r = await rawGet(server.port, p);
    assert.notEqual(r.status, 200, `${p} escaped the dist folder`);
  }
});

test('the app starts, draws frames, logs no errors, and the canvas is not blank (1280x800)', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '', { frames: 31 });
  assert.ok(await page.evaluate(() => window.mlviz.frames()) > 30);
  const state = await page.evaluate(() => window.mlviz.state());
  assert.equal(state.questions, 86);
  assert.ok(state.question >= 1 && state.question <= 86, `question ${state.question}`);
  assert.equal(state.load_error || '', '');
  // The canvas fills the window at device pixels (crisp text).
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: window.devicePixelRatio };
  });
  assert.equal(canvas.cssW, 1280);
  assert.equal(canvas.cssH, 800);
  assert.equal(canvas.w, Math.round(canvas.cssW * canvas.dpr));
  const png = await page.screenshot();
  saveArtifact('browser-1280x800.png', png);
  const stats = pngStats(png);
  assert.ok(stats.variance > 100 && stats.levels > 32, `canvas looks blank: variance ${stats.variance}, ${stats.levels} levels`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('#q=57 opens question 57 with the activations topic', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#q=57');
  const state = await page.evaluate(() => window.mlviz.state());
  assert.equal(state.question, 57);
  assert.equal(state.topic, 'activations');
  assert.deepEqual(state.notices, []);
  // The app keeps the address in sync with what it shows.
  const hash = await page.evaluate(() => window.location.hash);
  assert.match(hash, /(^#|&)q=57(&|$)/);
  saveArtifact('browser-q57.png', await page.screenshot());
  assert.deepEqual(errors, []);
  await page.close();
});

test('#topic=activations opens the topic with one of its questions', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#topic=activations');
  const state = await page.evaluate(() => window.mlviz.state());
  assert.equal(state.topic, 'activations');
  assert.ok([3, 54, 57, 64, 76, 79].includes(state.question), `question ${state.question}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad fragment gives notices and no errors', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#q=999&topic=nope');
  const state = await page.evaluate(() => window.mlviz.state());
  assert.ok(state.notices.length >= 2, `notices: ${JSON.stringify(state.notices)}`);
  assert.ok(state.notices.some((n) => n.includes('999')), JSON.stringify(state.notices));
  assert.ok(state.notices.some((n) => n.includes('nope')), JSON.stringify(state.notices));
  assert.ok(state.question >= 1 && state.question <= 86);
  saveArtifact('browser-bad-fragment.png', await page.screenshot());
  assert.deepEqual(errors, []);
  await page.close();
});

test('changing location.hash after load switches the question', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#q=57');
  await page.evaluate(() => { window.location.hash = '#q=47'; });
  await page.waitForFunction(() => window.mlviz.state().question === 47, null, { timeout: 30000 });
  await page.evaluate(() => { window.location.hash = '#topic=activations&q=64'; });
  await page.waitForFunction(() => window.mlviz.state().question === 64, null, { timeout: 30000 });
  assert.equal((await page.evaluate(() => window.mlviz.state())).topic, 'activations');
  await waitFrames(page, 5);
  assert.deepEqual(errors, []);
  await page.close();
});

test('mouse input on the page does not break the app', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#q=57');
  // Seeded clicks and drags over the whole window (question list, views, answer).
  let seed = 57;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  // SwiftShader draws a frame in ~0.3 s here and every input event waits for one: keep it short.
  for (let k = 0; k < 10; ++k) {
    const x = 20 + rnd() * 1240, y = 20 + rnd() * 760;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + (rnd() - 0.5) * 120, y + (rnd() - 0.5) * 120, { steps: 2 });
    await page.mouse.up();
    if (k % 4 === 0) await page.mouse.wheel(0, (rnd() - 0.5) * 400);
  }
  await waitFrames(page, 10);
  const state = await page.evaluate(() => window.mlviz.state());
  assert.ok(state.question >= 1 && state.question <= 86);
  assert.deepEqual(errors, []);
  await page.close();
});

test('1920x1080 on a HiDPI screen (device scale 2): sharp canvas, screenshots', TIMEOUT, async () => {
  const hidpi = await launch({ width: 1920, height: 1080, deviceScaleFactor: 2 });
  try {
    // 3840x2160 device pixels in software GL: a few frames are enough to see the layout.
    const { page, errors } = await openApp(hidpi.context, server.url, '#q=57', { frames: 5 });
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, dpr: window.devicePixelRatio };
    });
    assert.equal(canvas.dpr, 2);
    assert.equal(canvas.w, 3840, `canvas is ${canvas.w}x${canvas.h} device pixels, expected 3840x2160`);
    assert.equal(canvas.h, 2160);
    const png = await page.screenshot();
    saveArtifact('browser-1920x1080@2x.png', png);
    const stats = pngStats(png);
    assert.equal(stats.width, 3840);
    assert.ok(stats.variance > 100 && stats.levels > 32, `canvas looks blank: variance ${stats.variance}`);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await hidpi.close();
  }
});
