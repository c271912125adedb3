// Loads the page N times in headless Chromium and prints the median time from navigation start
// to hydrated (the app stamps data-hydrated-ms when its hydration effect runs).
// usage: node end2end/hydrate-time.mjs [url] [loads]   → prints JSON {"median_ms","samples_ms"}
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:3000/', loads = '9'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const samples = [];
for (let i = 0; i < Number(loads); i++) {
  // A fresh context each time: nothing cached, as for a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 15000 });
  samples.push(Number(await page.getAttribute('html', 'data-hydrated-ms')));
  await context.close();
}
await browser.close();
const sorted = [...samples].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(JSON.stringify({ median_ms: median, samples_ms: samples }));
