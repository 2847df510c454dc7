import { defineConfig } from '@playwright/test';

/**
 * e2e against the real `loket` binary (started by e2e/global-setup.ts on a fresh SQLite file
 * with the demo data) serving the built app from web/dist. Debian's chromium, never a
 * downloaded browser.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // One worker: the demo users are shared between specs (and their profile language with them).
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  // Set PLAYWRIGHT_OUTPUT_DIR when two runs share this folder (each run empties its output dir).
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? './test-results',
  use: {
    locale: 'en-GB',
    timezoneId: 'Europe/Brussels',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
