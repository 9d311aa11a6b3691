// Helpers for the browser tests: the dist folder served by scripts/serve.mjs on an ephemeral
// loopback port, Debian chromium (SwiftShader WebGL2) with a fresh profile, error collection,
// and a small PNG decoder for "is the canvas blank" checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.resolve(repoRoot, process.env.MLVIZ_DIST || 'build/web/dist');
export const artifactsDir = path.resolve(repoRoot, 'build/test-artifacts');

export const chromiumArgs = [
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// Serves distDir with the project's own server (the one `run` uses), on 127.0.0.1:<free port>.
export async function startServer(dir = distDir) {
  const { createServer } = await import(path.join(repoRoot, 'scripts/serve.mjs'));
  const server = createServer(path.resolve(dir));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// A browser context with its own fresh --user-data-dir (mkdtemp), removed on close. Downloads
// (PNG export) are accepted and reach the test through page.waitForEvent('download').
export async function launch({ width = 1280, height = 800, deviceScaleFactor = 1 } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlviz-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.MLVIZ_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width, height },
    deviceScaleFactor,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// Records console errors and uncaught page errors of a page (warnings are allowed).
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  return errors;
}

// Opens the app at `fragment` in a new page and waits until it runs and has drawn `frames`.
export async function openApp(context, baseUrl, fragment = '', { frames = 30, timeout = 90000 } = {}) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(baseUrl + fragment, { waitUntil: 'load' });
  await page.waitForFunction(() => window.mlviz && window.mlviz.ready, null, { timeout });
  await waitFrames(page, frames, timeout);
  return { page, errors };
}

// Until the page's app is up and has drawn more than `frames` frames.
export async function waitReady(page, frames = 30, timeout = 90000) {
  await page.waitForFunction((n) => window.mlviz && window.mlviz.ready && window.mlviz.frames() > n, frames,
                             { timeout });
}

export async function waitFrames(page, count, timeout = 90000) {
  const start = await page.evaluate(() => window.mlviz.frames());
  await page.waitForFunction((n) => window.mlviz.frames() >= n, start + count, { timeout, polling: 100 });
}

// The topics a per-topic browser test visits in this run. The headless view tests cover every
// topic on every run (controls=0, both themes, scripted input); the browser repeats that in the
// real page for `count` of them, a different set each day, so the step's time does not grow with
// the topic count and every topic comes round within a few runs. The seed is printed;
// MLVIZ_TOPIC_SEED=<n> repeats a run, MLVIZ_TOPIC_SEED=all visits every topic.
export function topicsForThisRun(all, count, label) {
  const env = process.env.MLVIZ_TOPIC_SEED;
  if (env === 'all' || all.length <= count) {
    console.log(`${label}: all ${all.length} topics`);
    return [...all];
  }
  const seed = env !== undefined && env !== '' ? Number(env) : Math.floor(Date.now() / 86400000);
  // Rotate through the registry: day k takes topics k*count .. k*count + count - 1 (mod n).
  const start = ((seed % all.length) * count) % all.length;
  const picked = Array.from({ length: count }, (_, i) => all[(start + i) % all.length]);
  console.log(`${label}: ${picked.join(', ')} (MLVIZ_TOPIC_SEED=${seed} repeats this set; =all visits all ${all.length})`);
  return picked;
}

export function saveArtifact(name, bytes) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

// Decodes an 8-bit, non-interlaced PNG (grey, RGB, grey+alpha, RGBA) to {width, height, channels, pixels}.
export function decodePng(buf) {
  if (buf.subarray(0, 8).toString('binary') !== '\x89PNG\r\n\x1a\n') throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString('ascii');
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], color = body[9], interlace = body[12];
      if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, interlace ${interlace}`);
      channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[color];
      if (!channels) throw new Error(`unsupported PNG colour type ${color}`);
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; ++i) {
      const a = i >= channels ? out[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = v & 255;
    }
  }
  return { width, height, channels, pixels };
}

// Mean and variance of luminance and the number of distinct luminance levels of a PNG: a blank
// or single-colour canvas gives variance ~0; the app with text, plots and heatmaps gives hundreds
// or more. The mean tells a light theme from a dark one.
export function pngStats(buf) {
  const { width, height, channels, pixels } = decodePng(buf);
  let sum = 0, sum2 = 0, n = 0;
  const levels = new Set();
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const i = (y * width + x) * channels;
      const l = channels < 3 ? pixels[i] : Math.round(0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2]);
      sum += l;
      sum2 += l * l;
      ++n;
      levels.add(l);
    }
  }
  const mean = sum / n;
  return { width, height, mean, variance: sum2 / n - mean * mean, levels: levels.size };
}

// Pixels whose colour differs by more than `tolerance` in some channel between two PNGs of the
// same size, counted inside `region` ({x, y, width, height}, default: the whole image).
export function pixelDiff(a, b, region = null, tolerance = 24) {
  const pa = decodePng(a), pb = decodePng(b);
  if (pa.width !== pb.width || pa.height !== pb.height)
    throw new Error(`sizes differ: ${pa.width}x${pa.height} vs ${pb.width}x${pb.height}`);
  const r = region || { x: 0, y: 0, width: pa.width, height: pa.height };
  const colours = Math.min(pa.channels, pb.channels, 3);
  let differing = 0;
  for (let y = r.y; y < Math.min(r.y + r.height, pa.height); ++y) {
    for (let x = r.x; x < Math.min(r.x + r.width, pa.width); ++x) {
      const i = (y * pa.width + x) * pa.channels, j = (y * pb.width + x) * pb.channels;
      for (let c = 0; c < colours; ++c) {
        if (Math.abs(pa.pixels[i + c] - pb.pixels[j + c]) > tolerance) { ++differing; break; }
      }
    }
  }
  return differing;
}
