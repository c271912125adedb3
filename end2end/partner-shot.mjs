// Looks at the partner app flow as a user would: logs alice in, runs the partner app through
// consent, a profile read and a refused transfer, then saves the partner page, the consent page
// and the authlab page's JWT column.
// usage: node end2end/partner-shot.mjs [url] [out-prefix]
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:3000/', out = 'target/partner'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.on('console', (msg) => msg.type() === 'error' && console.error(`console error: ${msg.text()}`));
await page.goto(url);
await page.waitForSelector('html[data-hydrated="true"]');
for (const [name, scheme, shown] of [['Cookie session (stateful)', 'Cookie session', 'Logged in as alice'], ['JWT (stateless)', 'JWT', 'Token held for alice']]) {
  const column = page.getByRole('article', { name });
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: `Log in (${scheme})` }).click();
  await column.getByText(shown).waitFor();
}
await page.getByTestId('lab-tab-partner').click();
const href = await page.getByTestId('partner-link').getAttribute('href');
const partner = await context.newPage();
partner.on('console', (msg) => msg.type() === 'error' && console.error(`partner console: ${msg.text()}`));
await partner.goto(href);
await partner.getByTestId('partner-connect').click();
await partner.getByRole('heading', { name: 'Allow access?' }).waitFor();
await partner.getByLabel(/coins:send/).uncheck();
await partner.screenshot({ path: `${out}-consent.png` });
await partner.getByTestId('consent-allow').click();
await partner.getByTestId('partner-log').getByText('token endpoint').waitFor();
await partner.getByTestId('partner-profile').click();
await partner.getByTestId('partner-log').getByText('"scope"').waitFor();
await partner.getByTestId('partner-send').click();
await partner.getByTestId('partner-log').getByText('insufficient_scope').waitFor();
await partner.screenshot({ path: `${out}-app.png` });
await page.bringToFront();
await page.getByTestId('connected-load').click();
await page.getByTestId('grant').waitFor();
await page.getByRole('article', { name: 'JWT (stateless)' }).screenshot({ path: `${out}-column.png` });
console.log(`saved ${out}-consent.png, ${out}-app.png, ${out}-column.png`);
await browser.close();
