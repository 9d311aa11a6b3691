// Shared set-up for browser tests: Debian chromium through playwright-core with SwiftShader
// WebGL2, and a loopback server for build/web/dist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from '../../scripts/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const distDir = path.resolve(process.env.MLVIZ_DIST || path.join(here, '../../build/web/dist'));
export const artifactsDir = path.resolve(here, '../../build/test-artifacts');

export async function serve(dir = distDir) {
  const server = createServer(dir);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

// A plain (non-persistent) launch: Playwright gives it a fresh temporary profile of its own.
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
           '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// Collects console errors and page errors of a page.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export async function waitReady(page, frames = 30) {
  await page.waitForFunction((n) => window.mlviz && window.mlviz.ready && window.mlviz.frames() > n, frames,
                             { timeout: 90000 });
}
