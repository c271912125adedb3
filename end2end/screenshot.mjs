// Takes a screenshot of a running authlab, for looking at the page as a user would.
// usage: node end2end/screenshot.mjs [url] [out.png] [width] [height] [light|dark] [session-login|both-login|scenario]
// With `session-login` it logs alice in on the session side and asks who she is first;
// `both-login` does the same in the JWT column too; `scenario` runs the scenario bar first;
// `nodes` logs in on both, then asks node b in both columns (start two nodes: make nodes).
// `grid` runs the carrier × state grid and saves only its section (printing how long it took),
// `matrix` runs the storage lab, `xss` / `forge` log in on both and run that lab's script: they
// save only the labs section. `rights` logs in on both, makes alice an admin from the rights
// lab's admin console and saves the labs section.
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:3000/', out = 'target/screenshot.png', width = '1280', height = '720', scheme = 'light', action = ''] =
  process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) }, colorScheme: scheme });
page.on('console', (msg) => msg.type() === 'error' && console.error(`console error: ${msg.text()}`));
await page.goto(url);
await page.waitForSelector('html[data-hydrated="true"]', { timeout: 15000 });
if (action === 'session-login' || action === 'both-login' || action === 'nodes' || action === 'xss' || action === 'rights') {
  const column = page.getByRole('article', { name: 'Cookie session (stateful)' });
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await column.getByText('Logged in as alice').waitFor();
  await column.getByRole('button', { name: 'Who am I?' }).click();
  await column.getByText('GET /api/session/me').first().waitFor();
}
if (action === 'both-login' || action === 'nodes' || action === 'xss' || action === 'forge' || action === 'rights') {
  const column = page.getByRole('article', { name: 'JWT (stateless)' });
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: 'Log in (JWT)' }).click();
  await column.getByText('Token held for alice').waitFor();
  await column.getByRole('button', { name: 'Who am I?' }).click();
  await column.getByText('GET /api/jwt/me').first().waitFor();
}
if (action === 'nodes') {
  for (const [name, scheme] of [['Cookie session (stateful)', 'session'], ['JWT (stateless)', 'jwt']]) {
    const column = page.getByRole('article', { name });
    await column.getByTestId(`${scheme}-node-b`).click();
    await column.getByRole('button', { name: 'Who am I?' }).click();
    await column.getByTestId('answered-by').filter({ hasText: 'node b' }).waitFor();
  }
}
if (action === 'scenario') {
  await page.getByRole('button', { name: 'Run the scenario on both' }).click();
  await page.locator('tr[data-step="rotate the key, then replay"]').waitFor({ timeout: 30000 });
}
if (action === 'matrix') {
  await page.getByTestId('run-matrix').click();
  await page.getByTestId('matrix').waitFor({ timeout: 30000 });
}
if (action === 'xss') {
  await page.getByTestId('lab-tab-xss').click();
  await page.getByTestId('run-xss').click();
  await page.getByTestId('xss-out').getByText('fetch(').waitFor();
}
if (action === 'forge') {
  await page.getByTestId('lab-tab-forge').click();
  await page.getByTestId('run-forge').click();
  await page.getByTestId('forge-out').getByText('would have said 200').waitFor({ timeout: 20000 });
}
if (action === 'rights') {
  await page.getByTestId('lab-tab-rights').click();
  await page.getByTestId('rights-signin').click();
  await page.getByTestId('rights-role').filter({ hasText: 'Make alice an admin' }).click();
  await page.getByTestId('rights-said').getByText('role set to admin').waitFor();
  await page.getByTestId('switch-session-load-user').check();
}
if (action === 'grid') {
  await page.getByTestId('run-grid').click();
  await page.getByTestId('grid').waitFor({ timeout: 30000 });
  console.log(await page.getByTestId('grid-status').innerText());
  await page.locator('section.grid-section').screenshot({ path: out });
} else if (action === 'matrix' || action === 'xss' || action === 'forge' || action === 'rights') {
  await page.locator('section.labs').screenshot({ path: out });
} else {
  await page.screenshot({ path: out, fullPage: action !== '' });
}
console.log(`saved ${out}`);
await browser.close();
