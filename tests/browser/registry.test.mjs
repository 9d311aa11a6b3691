// Every registered topic in the real page, one test per property, each iterating the registry
// (window.mlviz.topics()), so a new topic is covered without a line here: embed mode alone,
// controls=0 (the picture without the controls column), the light theme, PNG export at the
// figure's exact size, and the playback keys for topics with a timeline.
//   cd tests/browser && node --test registry.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, pixelDiff, pngStats, saveArtifact, startServer, topicsForThisRun, waitFrames } from './helpers.mjs';

let server, browser, topics, visited;
const WIDTH = 1280, HEIGHT = 720;
const TIMEOUT = { timeout: 1200000 };

before(async () => {
  server = await startServer();
  browser = await launch({ width: WIDTH, height: HEIGHT });
  const { page } = await openApp(browser.context, server.url);
  topics = await page.evaluate(() => window.mlviz.topics());
  await page.close();
  assert.ok(topics.length >= 6, `registered topics: ${topics}`);
  visited = topicsForThisRun(topics, 5, 'registry: embed, controls=0, light theme, PNG export');
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const state = (page) => page.evaluate(() => window.mlviz.state());

// One page per topic and variant (page loads dominate this file's time under software GL): the
// embed page also checks PNG export, which draws the same figure.
test('every topic: embed shows it alone; controls=0 hides the controls; the light theme is light; PNG export is the figure at exactly its size', TIMEOUT, async () => {
  for (const t of visited) {
    const shots = {};
    for (const [name, query] of [['embed', 'embed=1'], ['bare', 'embed=1&controls=0'], ['light', 'embed=1&controls=0&theme=light']]) {
      const { page, errors } = await openApp(browser.context, `${server.url}?${query}`, `#topic=${t}`, { frames: 3 });
      await waitFrames(page, 30);   // work spread over frames (a sliced first picture) settles
      const s = await state(page);
      assert.equal(s.topic, t);
      assert.deepEqual(s.panels, ['visualization'], `${t} ${name}`);
      assert.equal(s.controls, name === 'embed', `${t} ${name}: controls`);
      assert.equal(s.theme, name === 'light' ? 'light' : 'dark', `${t} ${name}: theme`);
      assert.deepEqual(s.notices, [], `${t} ${name}: notices`);
      shots[name] = await page.screenshot();
      const stats = pngStats(shots[name]);
      assert.ok(stats.variance > 100 && stats.levels > 16, `${t} ${name} looks blank: variance ${stats.variance}`);
      if (name === 'embed') await checkExport(page, t, s.figure);
      assert.deepEqual(errors, [], `${t} ${name}: console errors`);
      await page.close();
    }
    saveArtifact(`registry-${t}-embed.png`, shots.embed);
    saveArtifact(`registry-${t}-light.png`, shots.light);
    // The controls column takes the left part of the embed; without it the picture moves there.
    const left = { x: 0, y: 0, width: Math.round(WIDTH * 0.18), height: HEIGHT };
    assert.ok(pixelDiff(shots.embed, shots.bare, left) > left.width * left.height * 0.05, `${t}: controls=0 changed too little`);
    assert.ok(pngStats(shots.light).mean > pngStats(shots.bare).mean + 40, `${t}: the light theme is not lighter`);
  }
});

// window.mlviz.exportPng(1) downloads a PNG of the figure at exactly `figure` = [w, h] pixels.
async function checkExport(page, t, [w, h]) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.evaluate(() => window.mlviz.exportPng(1)),
  ]);
  const png = fs.readFileSync(await download.path());
  assert.equal(png.subarray(0, 8).toString('binary'), '\x89PNG\r\n\x1a\n', `${t}: PNG signature`);
  assert.deepEqual({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }, { width: w, height: h }, `${t}: export size`);
  const stats = pngStats(png);
  assert.ok(stats.variance > 100, `${t}: the export looks blank`);
}

test('every topic with a timeline: ← and → step it and the URL follows', TIMEOUT, async () => {
  let stepped = 0;
  for (const t of topics) {
    const { page, errors } = await openApp(browser.context, `${server.url}?embed=1&controls=0`, `#topic=${t}`, { frames: 10 });
    const s = await state(page);
    if (!s.timeline) { await page.close(); continue; }
    stepped++;
    await page.mouse.click(WIDTH / 2, HEIGHT / 2);   // focus the canvas
    await waitFrames(page, 5);
    const start = (await state(page)).topic_state;
    await page.keyboard.press('ArrowLeft');
    await waitFrames(page, 5);
    const back = (await state(page)).topic_state;
    assert.notEqual(back, start, `${t}: ← did not step`);
    assert.match(back, /(^|&)step=/, `${t}: the step is in the URL`);
    await page.keyboard.press('ArrowRight');
    await waitFrames(page, 5);
    assert.equal((await state(page)).topic_state, start, `${t}: → did not step back`);
    assert.deepEqual(errors, [], `${t}: console errors`);
    await page.close();
  }
  assert.ok(stepped >= 2, 'NMS and optimizers at least have timelines');
});
