import { defineConfig } from '@playwright/test';

// The browser tests run against the release build (what `make run` serves), on a port of their
// own with a fresh data directory that scripts/test.sh clears before each run.
const port = Number(process.env.AUTHLAB_E2E_PORT ?? 3210);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      // Debian's Chromium: Playwright must never download a browser of its own here.
      executablePath: process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command:
      `../target/release/server --addr 127.0.0.1:${port} ` +
      '--data-dir ../target/e2e-data --site-root ../target/site',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
