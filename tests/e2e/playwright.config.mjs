// End-to-end tests against the release build in dist/, served locally, in Debian's Chromium.
// No browser is ever downloaded: Playwright drives /usr/bin/chromium.
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.mjs';

const PORT = 4173;
export const SUBPATH_PORT = 4174;
export const SUBPATH = '/services/economie/relance/';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: '../../target/e2e-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_FLAGS },
  },
  webServer: [
    {
      command: `node tests/e2e/static-server.mjs dist ${PORT} /`,
      cwd: '../..',
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      // The same build under a sub-path, as a static host would serve it, sending the build's
      // pre-compressed copies (.br, .gz) as nginx's brotli_static / gzip_static do.
      command: `node tests/e2e/static-server.mjs dist ${SUBPATH_PORT} ${SUBPATH} precompressed`,
      cwd: '../..',
      url: `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
