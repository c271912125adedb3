import { defineConfig } from '@playwright/test';

// The browser tests run against the release build (what `make run` serves), on ports of their
// own with a fresh data directory that scripts/test.sh clears before each run.
const port = Number(process.env.AUTHLAB_E2E_PORT ?? 3210);
const peerPort = port + 1;
const ordersPort = port + 2;

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
  // Two nodes on one data directory (one signing key): b keeps its sessions in its own memory,
  // a (the page's node) in the shared SQLite file and passes /node/b/… on to b; and orders,
  // which reads its client secret from that data directory when it first asks authlab.
  webServer: [
    {
      command:
        `../target/release/server --node-name b --addr 127.0.0.1:${peerPort} ` +
        '--session-store memory --data-dir ../target/e2e-data --site-root ../target/site',
      url: `http://127.0.0.1:${peerPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command:
        `../target/release/server --node-name a --addr 127.0.0.1:${port} ` +
        `--peer b=http://127.0.0.1:${peerPort} --orders-url http://127.0.0.1:${ordersPort} ` +
        '--data-dir ../target/e2e-data --site-root ../target/site',
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The second service: it knows only node a's key set URL.
    {
      command:
        `../target/release/orders --addr 127.0.0.1:${ordersPort} ` +
        `--jwks-url http://127.0.0.1:${port}/.well-known/jwks.json ` +
        `--introspection-url http://127.0.0.1:${port}/api/introspect ` +
        '--client-secret-file ../target/e2e-data/secrets/orders-client.key ' +
        `--allow-origin http://127.0.0.1:${port} --min-refetch-seconds 1`,
      url: `http://127.0.0.1:${ordersPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
