// Renders static/icons/icon.svg (the icons' source), with Debian's Chromium, to the PNG icons the
// web app manifest names (192 and 512 px) and the page's own icon (48 px). The page and the
// manifest name PNGs only: Chromium draws an SVG icon as a document of its own on the page's
// thread — 40–150 ms on a slow phone for the page's icon, up to 288 ms for the manifest's, which
// the browser fetches after the load to check that the app can be installed (BENCHMARKS.md,
// twenty-sixth and twenty-seventh rounds). Run after changing the SVG: node scripts/make-icons.mjs
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
