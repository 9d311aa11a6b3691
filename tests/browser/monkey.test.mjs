// Monkey test: for the full app page and five topics a run (helpers.mjs topicsForThisRun: a
// different five each day, the seed printed; the headless view tests drive every topic on every
// run), seeded random clicks, drags, wheel turns and key presses over the whole canvas, in three
// equal bursts from the same state. The gestures are a fixed total spread over the pages
// (MLVIZ_MONKEY_GESTURES, default 600: 100 a page; a page takes about 0.3 s a gesture under
// software GL), so the test's time stays flat as topics are added. Passes when there
// are no console or page errors, the app still answers its JS hook, the live heap is back where it
// was after each burst (no leak) and the wasm memory stops growing: the first burst reaches its
// settings' sizes, the second may still grow once (a heap fragmented by the first: the gradient-
// flow view's networks), the third must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, topicsForThisRun, watchErrors, waitReady } from './helpers.mjs';

// Small deterministic PRNG (mulberry32): the same seed gives the same gestures every run.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The live heap after returning to the start state: at most this much above the previous burst's
// (ImGui's draw buffers and caches may settle a little; a leaked network is megabytes).
const HEAP_SLACK = 512 * 1024;

// Returns to the start state, lets the app settle (work spread over frames finishes) and reads
// the live heap once it stops changing.
async function settledHeap(page, reset) {
  await reset();
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const f = await page.evaluate(() => window.mlviz.frames());
    await page.waitForFunction((n) => window.mlviz.frames() > n + 5, f, { timeout: 60000 });
    const heap = await page.evaluate(() => window.mlviz.heapBytes());
    if (heap === last) return heap;
    last = heap;
  }
  return last;
}

const KEYS = ['ArrowLeft', 'ArrowRight', 'Space', 'Escape', 'Slash', 'Enter', 'Tab', 'a', '1', 'Backspace'];

async function burst(page, rand, count, width, height) {
  for (let i = 0; i < count; i++) {
    const x = 5 + rand() * (width - 10), y = 5 + rand() * (height - 10);
    const r = rand();
    if (r < 0.40) {
      await page.mouse.click(x, y);
    } else if (r < 0.70) {
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(5 + rand() * (width - 10), 5 + rand() * (height - 10), { steps: 4 });
      await page.mouse.up();
    } else if (r < 0.85) {
      await page.mouse.move(x, y);
      await page.mouse.wheel(0, (rand() - 0.5) * 600);
    } else {
      await page.keyboard.press(KEYS[Math.floor(rand() * KEYS.length)]);
    }
    if (i % 25 === 0) await page.waitForTimeout(16);
  }
  // Let the app run a few frames so that work started by the gestures settles.
  const f = await page.evaluate(() => window.mlviz.frames());
  await page.waitForFunction((n) => window.mlviz.frames() > n + 10, f, { timeout: 60000 });
}

test('monkey: every topic survives random input without errors or memory growth', { timeout: 1800000 }, async () => {
  // A smaller canvas renders faster under software GL; the gestures still cover all of it.
  const width = 960, height = 600;
  const server = await startServer();
  const base = server.url;
  const browser = await launch({ width, height });
  try {
    // The full app first (question list, search, share popup), then every topic alone in embed
    // mode, so that all gestures land on that topic's view.
    const pages = [{ name: 'app', url: base }];
    const probe = await browser.context.newPage();
    await probe.goto(base);
    await waitReady(probe);
    const topics = await probe.evaluate(() => window.mlviz.topics());
    await probe.close();
    assert.ok(topics.length >= 1, 'topics are registered');
    for (const t of topicsForThisRun(topics, 5, 'monkey')) pages.push({ name: t, url: `${base}?embed=1#topic=${t}` });
    // MLVIZ_MONKEY_PAGES=app,nms runs only those pages (for a quick local check).
    const only = (process.env.MLVIZ_MONKEY_PAGES || '').split(',').filter(Boolean);
    if (only.length) pages.splice(0, pages.length, ...pages.filter((p) => only.includes(p.name)));
    const total = Number(process.env.MLVIZ_MONKEY_GESTURES || 600);
    // Four bursts a page: a warm-up, then three measured. The warm-up lets what a page builds
    // once stay built (topic data fetched on demand and kept, a view made on first visit), so a
    // later burst that grows the heap is a real leak.
    const perBurst = Math.max(20, Math.min(100, Math.floor(total / (4 * pages.length))));
    console.log(`monkey: ${pages.length} pages, a warm-up and 3 bursts of ${perBurst} gestures each`);
    for (const { name, url } of pages) {
      const page = await browser.context.newPage();
      const errors = watchErrors(page);
      await page.goto(url);
      await waitReady(page);
      // Three equal bursts: the same gestures replayed from the same state (the page's own
      // link resets the topic's state through its URL codec).
      const burstSeed = [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 20261129);
      const start = new URL(url).hash;
      const reset = () => page.evaluate((h) => window.mlviz.open(h), start);
      const memory = [], heap = [];
      await reset();
      await burst(page, rng(burstSeed), perBurst, width, height);
      await settledHeap(page, reset);
      for (let k = 0; k < 3; k++) {
        await reset();
        await burst(page, rng(burstSeed), perBurst, width, height);
        memory.push(await page.evaluate(() => window.mlviz.memoryBytes()));
        heap.push(await settledHeap(page, reset));
      }
      const state = await page.evaluate(() => window.mlviz.state());
      assert.equal(typeof state.question, 'number', `${name}: the app still answers`);
      assert.deepEqual(errors, [], `${name}: no console or page errors`);
      assert.ok(heap[2] > 0, `${name}: the heap hook answers`);
      for (const k of [1, 2])
        assert.ok(heap[k] <= heap[k - 1] + HEAP_SLACK,
                  `${name}: live heap at the start state grew from ${heap[k - 1]} to ${heap[k]} bytes in burst ${k + 1} (a leak)`);
      assert.ok(memory[2] <= memory[1], `${name}: wasm memory still grew in the third burst, ${memory[1]} -> ${memory[2]} bytes`);
      console.log(`monkey ${name}: ${4 * perBurst} gestures; after each burst wasm memory ${memory.join(' -> ')} bytes, ` +
                  `live heap at the start state ${heap.join(' -> ')} bytes`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
