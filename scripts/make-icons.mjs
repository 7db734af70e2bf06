#!/usr/bin/env node
// Renders static/icons/icon.svg to the PNG icons the web app manifest names (192 and 512 px) and
// the page's own icon (48 px: a PNG, because Chromium draws an SVG icon as a document of its own on
// the page's thread, 40–150 ms on a slow phone; BENCHMARKS.md, twenty-sixth round), with Debian's
// Chromium. Run after changing the SVG: node scripts/make-icons.mjs
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const svg = await readFile('static/icons/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [48, 192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `static/icons/icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('static/icons/icon-48.png, icon-192.png, icon-512.png written');
