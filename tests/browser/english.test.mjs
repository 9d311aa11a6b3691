// Browser tests of the English edition (issue 25): `?lang=en#q=N` shows the question and its
// answer in English for every N from 1 to 86 (fresh loads and in-page links); embeds with lang=en show the
// question's English title; a deep link without lang stays Russian.
// What the app shows is read from window.mlviz.state().question_text ({title, answer, lang}),
// computed by the same functions the answer panel draws with (core/questions.h: DisplayTitle,
// DisplayFullAnswer, ShowsEnglish).
//   cd tests/browser && node --test english.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { distDir, launch, openApp, startServer, waitFrames, waitReady, watchErrors } from './helpers.mjs';

let server;
let browser;
const CYRILLIC = /[\u0400-\u04FF]/;

before(async () => {
  for (const f of ['index.html', 'mlviz.js', 'mlviz.wasm'])
    assert.ok(fs.existsSync(path.join(distDir, f)), `${path.join(distDir, f)} is missing: build the web app first`);
  server = await startServer();
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const state = (page) => page.evaluate(() => window.mlviz.state());

function assertEnglish(s, what) {
  assert.equal(s.lang, 'en', `${what}: interface language`);
  assert.equal(s.question_text.lang, 'en', `${what}: the question is shown in Russian`);
  assert.ok(s.question_text.title.length > 10, `${what}: title "${s.question_text.title}"`);
  assert.doesNotMatch(s.question_text.title, CYRILLIC, `${what}: title "${s.question_text.title}"`);
  assert.ok(s.question_text.answer.length > 40, `${what}: answer too short`);
  const cyr = CYRILLIC.exec(s.question_text.answer);
  assert.equal(cyr, null, `${what}: Cyrillic in the answer near "${cyr && s.question_text.answer.slice(Math.max(0, cyr.index - 40), cyr.index + 40)}"`);
}

// Fresh loads of a 86-question loop cost about 3 s each in CI; the text itself is already checked
// for every question natively (tests/core/translations_test.cpp), so here every 15th question and
// the last one get a fresh load and the rest are opened inside the page, the way a reader does.
test('?lang=en#q=N shows English text for every question (1-86): fresh loads and in-page links', { timeout: 900000 }, async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  let count = 86;
  for (let n = 1; n <= count; ++n) {
    if (n % 15 === 1 || n === count) {
      await page.goto('about:blank');   // a new document, not a same-page hash change
      await page.goto(`${server.url}?lang=en#q=${n}`, { waitUntil: 'load' });
      await waitReady(page, 3);
    } else {
      await page.evaluate((q) => window.mlviz.open(`#q=${q}`), n);
      await waitFrames(page, 3);
    }
    const s = await state(page);
    if (n === 1) count = s.questions;
    assert.equal(s.question, n);
    assert.equal(s.load_error || '', '');
    assert.ok(s.panels.includes('answer'), `question ${n}: panels ${s.panels}`);
    assertEnglish(s, `question ${n}`);
  }
  assert.equal(count, 86);
  assert.deepEqual(errors, []);
  await page.close();
});

test('lang=en survives following a link inside the page; without lang the text stays Russian', { timeout: 240000 }, async () => {
  const { page, errors } = await openApp(browser.context, `${server.url}?lang=en`, '#q=47');
  assertEnglish(await state(page), '#q=47');
  await page.evaluate(() => window.mlviz.open('#q=61&topic=activations'));
  await waitReady(page, 3);
  const moved = await state(page);
  assert.equal(moved.question, 61);
  assertEnglish(moved, 'after mlviz.open(#q=61)');
  await page.close();

  const ru = await openApp(browser.context, server.url, '#q=47');
  const s = await state(ru.page);
  assert.equal(s.lang, 'ru');
  assert.equal(s.question_text.lang, 'ru');
  assert.match(s.question_text.title, CYRILLIC);
  await ru.page.close();
  assert.deepEqual([...errors, ...ru.errors], []);
});

test('an embed with question=1&lang=en shows the English question title', { timeout: 240000 }, async () => {
  for (const n of [47, 83, 85]) {
    const { page, errors } = await openApp(browser.context, `${server.url}?embed=1&question=1&lang=en`, `#q=${n}`);
    const s = await state(page);
    assert.equal(s.embed, true);
    assert.ok(s.panels.includes('question'), `panels ${s.panels}`);
    assertEnglish(s, `embed of question ${n}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
