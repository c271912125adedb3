import { test, expect } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, logInBoth, openHydrated } from './helpers';

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

test('a partner app on another origin gets only the granted scope, calls across origins, and dies with its grant', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInBoth(page);
  await page.getByTestId('lab-tab-partner').click();
  const href = await page.getByTestId('partner-link').getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  // The partner's page, in another tab of the same browser.
  const partner = await context.newPage();
  await partner.goto(href!);
  await partner.getByTestId('partner-connect').click();
  // authlab's consent page, on authlab's origin: alice grants profile:read only.
  await expect(partner.getByRole('heading', { name: 'Allow access?' })).toBeVisible();
  await partner.getByLabel(/coins:send/).uncheck();
  await partner.getByTestId('consent-allow').click();
  const log = partner.getByTestId('partner-log');
  await expect(log).toContainText('token endpoint: 200 — scope "profile:read"');
  expect(new URL(partner.url()).origin).toBe(new URL(href!).origin);

  await partner.getByTestId('partner-profile').click();
  await expect(log).toContainText('"scope":"profile:read"');
  await partner.getByTestId('partner-send').click();
  await expect(log).toContainText('403  WWW-Authenticate: Bearer');
  await expect(log).toContainText('insufficient_scope');

  // Back on authlab: the grant is listed under the JWT column, and revoking it kills the token.
  const apps = jwtColumn(page).getByTestId('connected-apps');
  await apps.getByTestId('connected-load').click();
  await expect(apps.getByTestId('grant')).toContainText('profile:read');
  await apps.getByTestId('grant-revoke').click();
  await expect(apps.getByTestId('grant')).toContainText('revoked (revoked by the user)');
  await partner.getByTestId('partner-profile').click();
  await expect(log).toContainText('401');
  await expect(log).toContainText('revoked');
  expect(errors).toEqual([]);
});

test('the CORS lab: another origin of the same site reads alice’s session only with a classic mistake switched on', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInBoth(page);
  await page.getByTestId('lab-tab-partner').click();
  const href = await page.getByTestId('evil-cors-link').getAttribute('href');
  const evil = await context.newPage();
  await evil.goto(href!);
  const log = evil.getByTestId('evil-cors-log');
  await evil.getByTestId('evil-cors-read').click();
  await expect(log).toContainText('would not let this page read it');

  await page.getByTestId('switch-cors-reflect-origin').check();
  await expect(page.getByTestId('switch-cors-reflect-origin').locator('..')).toHaveClass(/weakened/);
  await evil.getByTestId('evil-cors-read').click();
  await expect(log).toContainText('READ 200 across origins');
  await expect(log).toContainText('"username":"alice"');

  await page.getByTestId('switch-cors-reflect-origin').uncheck();
  await page.getByTestId('switch-cors-wildcard').check();
  await evil.getByTestId('evil-cors-read').click();
  const refusals = async () => ((await log.textContent()) ?? '').split('would not let').length - 1;
  await expect.poll(refusals).toBe(2);
  expect(errors).toEqual([]);
});
