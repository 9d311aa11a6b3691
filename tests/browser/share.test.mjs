// Browser tests of sharing (issue 8): a topic's state travels in the URL both ways, embed mode
// shows the visualization alone, the iframe example page runs both embeds, and PNG export
// downloads a figure of the requested size.
//   cd tests/browser && node --test share.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodePng, distDir, launch, openApp, pixelDiff, pngStats, saveArtifact, startServer, waitFrames,
         watchErrors } from './helpers.mjs';

let server;
let browser;         // 1280x800, device scale 1, downloads accepted
const WIDTH = 1280, HEIGHT = 800;
const TIMEOUT = { timeout: 240000 };
// A shared NMS state: stopped at step 12 of seed 7's scene, IoU threshold 0.3.
const NMS_STATE = 'iou=0.3&seed=7&step=12';

before(async () => {
  for (const f of ['index.html', 'mlviz.js', 'mlviz.wasm', 'embed-example.html'])
    assert.ok(fs.existsSync(path.join(distDir, f)), `${path.join(distDir, f)} is missing: build the web app first`);
  server = await startServer();
  browser = await launch({ width: WIDTH, height: HEIGHT });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const state = (page) => page.evaluate(() => window.mlviz.state());

// Opens `url` (absolute, with query and fragment) and returns its state and a screenshot.
async function capture(url, artifact = '') {
  const { page, errors } = await openApp(browser.context, url, '');
  const s = await state(page);
  const png = await page.screenshot();
  if (artifact) saveArtifact(artifact, png);
  assert.deepEqual(errors, [], url);
  await page.close();
  return { state: s, png };
}

test('a topic state in the URL is what the app reports and draws', TIMEOUT, async () => {
  const cases = [
    { topic: 'nms', topicState: NMS_STATE },
    { topic: 'optimizers', topicState: 'p=ravine&step=40' },
  ];
  for (const c of cases) {
    const plain = await capture(`${server.url}#topic=${c.topic}`);
    assert.equal(plain.state.topic, c.topic);
    assert.equal(plain.state.topic_state, '', `${c.topic}: the default state encodes as nothing`);
    const shared = await capture(`${server.url}#topic=${c.topic}&${c.topicState}`, `share-${c.topic}-state.png`);
    assert.equal(shared.state.topic, c.topic);
    assert.deepEqual(shared.state.notices, []);
    assert.equal(shared.state.topic_state, c.topicState);
    assert.match(shared.state.fragment, new RegExp(`(^|&)topic=${c.topic}&`));
    assert.ok(shared.state.fragment.endsWith(`&v=1&${c.topicState}`), shared.state.fragment);
    // The same default state draws the same pixels (the app is deterministic), so a difference
    // of more than 0.5% of the window is the shared state showing.
    const differing = pixelDiff(plain.png, shared.png);
    assert.ok(differing > WIDTH * HEIGHT * 0.005, `${c.topic}: only ${differing} pixels differ from the default state`);
  }
});

test('a control changed with the keyboard reaches the URL and survives a reload', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, '#topic=nms&seed=7&step=12');
  assert.equal((await state(page)).topic_state, 'seed=7&step=12');
  // → steps the NMS playback forward, as its → button does.
  for (let k = 0; k < 3; ++k) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.mlviz.state().topic_state === 'seed=7&step=15', null, { timeout: 30000 });
  const changed = await state(page);
  // The URL follows once the state has been still for 250 ms (history.replaceState).
  await page.waitForTimeout(300);
  await page.waitForFunction((f) => window.location.hash === '#' + f, changed.fragment, { timeout: 30000 });
  assert.match(await page.evaluate(() => window.location.hash), /&step=15(&|$)/);

  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => window.mlviz && window.mlviz.ready, null, { timeout: 90000 });
  await waitFrames(page, 10);
  const reloaded = await state(page);
  assert.equal(reloaded.topic, 'nms');
  assert.equal(reloaded.topic_state, 'seed=7&step=15');
  assert.equal(reloaded.fragment, changed.fragment);
  assert.deepEqual(reloaded.notices, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the Share popup\'s embed link shows only the visualization; controls=0 and theme=light', TIMEOUT, async () => {
  const full = await capture(`${server.url}#topic=nms&${NMS_STATE}`, 'share-full-app.png');
  assert.deepEqual(full.state.panels, ['top_bar', 'questions', 'visualization', 'answer']);
  assert.equal(full.state.share_link, `${server.url}#${full.state.fragment}`);
  const src = /<iframe src="([^"]+)"/.exec(full.state.embed_snippet)?.[1];
  assert.equal(src, `${server.url}?embed=1#${full.state.fragment}`, full.state.embed_snippet);

  const embed = await capture(src, 'share-embed.png');
  assert.equal(embed.state.embed, true);
  assert.equal(embed.state.controls, true);
  assert.deepEqual(embed.state.panels, ['visualization']);
  assert.equal(embed.state.topic, 'nms');
  assert.equal(embed.state.topic_state, NMS_STATE);
  // The visualization panel takes the whole window width (the full app gives it about half).
  assert.ok(embed.state.figure[0] > WIDTH * 0.95, `embedded panel is ${embed.state.figure[0]} wide`);
  assert.ok(full.state.figure[0] < WIDTH * 0.6, `full-app panel is ${full.state.figure[0]} wide`);
  // Where the full app has the question list (left) and the answer (right), the embed draws
  // something else: the NMS controls and boxes.
  const left = { x: 0, y: 0, width: 250, height: HEIGHT }, right = { x: WIDTH - 300, y: 0, width: 300, height: HEIGHT };
  for (const [name, r] of [['question list', left], ['answer', right]]) {
    const differing = pixelDiff(full.png, embed.png, r);
    assert.ok(differing > r.width * r.height * 0.1, `embed looks like the ${name} there: ${differing} pixels differ`);
  }

  const bare = await capture(src.replace('?embed=1#', '?embed=1&controls=0#'), 'share-embed-controls0.png');
  assert.equal(bare.state.controls, false);
  assert.equal(bare.state.topic_state, NMS_STATE);
  const differing = pixelDiff(embed.png, bare.png);
  assert.ok(differing > WIDTH * HEIGHT * 0.05, `controls=0 changed only ${differing} pixels`);

  const light = await capture(src.replace('?embed=1#', '?embed=1&controls=0&theme=light#'), 'share-embed-light.png');
  assert.equal(light.state.theme, 'light');
  assert.equal(light.state.topic_state, NMS_STATE);
  const dark = pngStats(bare.png), bright = pngStats(light.png);
  assert.ok(bright.mean > dark.mean + 40, `light theme mean luminance ${bright.mean} vs dark ${dark.mean}`);
});

test('embed-example.html runs both embeds without errors', TIMEOUT, async () => {
  const page = await browser.context.newPage();
  // Playwright reports console messages and uncaught errors of child frames on the page too;
  // the probe below checks that this holds for these iframes.
  const errors = watchErrors(page);
  await page.goto(server.url + 'embed-example.html', { waitUntil: 'load' });
  const iframes = await page.locator('iframe').elementHandles();
  assert.equal(iframes.length, 2);
  const expected = [
    { topic: 'nms', panels: ['question', 'visualization'], controls: true, theme: 'dark' },
    { topic: 'activations', panels: ['visualization'], controls: false, theme: 'light' },
  ];
  for (const [k, iframe] of iframes.entries()) {
    await iframe.scrollIntoViewIfNeeded();   // the iframes load lazily, like a reader scrolling
    const frame = await iframe.contentFrame();
    assert.ok(frame, `iframe ${k} has no frame`);
    await frame.waitForFunction(() => window.mlviz && window.mlviz.ready && window.mlviz.frames() > 30, null,
                                { timeout: 90000, polling: 100 });
    const s = await frame.evaluate(() => window.mlviz.state());
    assert.equal(s.embed, true);
    assert.equal(s.topic, expected[k].topic);
    assert.deepEqual(s.panels, expected[k].panels);
    assert.equal(s.controls, expected[k].controls);
    assert.equal(s.theme, expected[k].theme);
    assert.deepEqual(s.notices, []);
    const stats = pngStats(await iframe.screenshot());
    assert.ok(stats.variance > 100 && stats.levels > 32, `iframe ${k} looks blank: variance ${stats.variance}`);
    const probe = `mlviz frame probe ${k}`;
    await Promise.all([
      page.waitForEvent('console', { predicate: (m) => m.text() === probe, timeout: 10000 }),
      frame.evaluate((text) => console.log(text), probe),
    ]);
  }
  saveArtifact('share-embed-example.png', await page.screenshot({ fullPage: true }));
  assert.deepEqual(errors, []);
  await page.close();
});

test('PNG export downloads the visualization at exactly 1x and 2x its size', TIMEOUT, async () => {
  const { page, errors } = await openApp(browser.context, server.url, `#topic=nms&${NMS_STATE}`);
  const [w, h] = (await state(page)).figure;
  assert.ok(w > 300 && h > 300, `figure ${w}x${h}`);
  // The download link is clicked inside the frame that rendered the figure offscreen: what the
  // app reports at that moment is what an export requested right then would get.
  await page.evaluate(() => document.addEventListener('click', (e) => {
    if (e.target.download) window.figureAtExport = window.mlviz.state().figure;
  }, true));
  const sizes = [];
  for (const scale of [1, 2]) {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      page.evaluate((s) => window.mlviz.exportPng(s), scale),
    ]);
    assert.match(download.suggestedFilename(), /^mlviz-nms-\d+\.png$/);
    const png = fs.readFileSync(await download.path());
    saveArtifact(`share-export-${scale}x.png`, png);
    assert.equal(png.subarray(0, 8).toString('binary'), '\x89PNG\r\n\x1a\n', 'PNG signature');
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.equal(png.subarray(png.length - 8, png.length - 4).toString('ascii'), 'IEND');
    const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    assert.deepEqual(size, { width: w * scale, height: h * scale }, `${scale}x export`);
    const image = decodePng(png);   // the pixel data inflates and unfilters to that size
    assert.equal(image.pixels.length, size.width * size.height * image.channels);
    const stats = pngStats(png);
    assert.ok(stats.variance > 100 && stats.levels > 32, `${scale}x export looks blank: variance ${stats.variance}`);
    sizes.push(size);
    // The offscreen figure frame leaves the on-screen panel size (the next export's) alone.
    assert.deepEqual(await page.evaluate(() => window.figureAtExport), [w, h]);
  }
  assert.deepEqual(sizes[1], { width: sizes[0].width * 2, height: sizes[0].height * 2 });
  assert.deepEqual(errors, []);
  await page.close();
});
