import { test, expect } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, logIn, openHydrated } from './helpers';

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

const logInJwt = (page: import('@playwright/test').Page) => logIn(page, 'jwt');

test('orders verifies offline with authlab public key, and only tokens made for it', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInJwt(page);
  await page.getByTestId('lab-tab-orders').click();
  const said = page.getByTestId('orders-said');

  // HS256: nothing orders could verify with is published.
  await expect(page.getByTestId('orders-alg-hs256')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('orders-call').click();
  await expect(said).toContainText('401 shared_secret');

  // A public key: orders fetches it once, and refuses authlab's own token (aud).
  await page.getByTestId('orders-alg-eddsa').click();
  await expect(page.getByTestId('orders-alg-eddsa')).toHaveAttribute('aria-pressed', 'true');
  await logInJwt(page);
  // The new token is signed with the new key (the old one was retired with its tokens).
  await expect(jwtColumn(page).locator('tr[data-claim="alg"]').first()).toContainText('EdDSA');
  await page.getByTestId('orders-call').click();
  await expect(said).toContainText('403 wrong_audience');
  await expect(said).toContainText("fetched authlab's key set (one call)");

  // A token for orders: accepted from orders' copy of the key, with no call to authlab.
  await page.getByTestId('orders-exchange').click();
  await expect(said).toContainText('200: 2 orders of alice; calls to authlab for this request: 0');
  await expect(said).toContainText("from orders' copy: no call to authlab");
  await expect(said).toContainText('aud orders');

  // The browser logs each refused fetch (401, 403) as a resource error; nothing else may appear.
  const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[13]/.test(e));
  expect(unexpected).toEqual([]);
});

test('a revoked token works at orders until orders asks authlab, and a session cookie only by asking', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByTestId('lab-tab-orders').click();
  await page.getByTestId('orders-alg-eddsa').click();
  await expect(page.getByTestId('orders-alg-eddsa')).toHaveAttribute('aria-pressed', 'true');
  await logInJwt(page);
  const said = page.getByTestId('orders-said');
  // The new key may come within a second of orders' last fetch (the previous test's key):
  // orders then refuses to fetch again (at most once per --min-refetch-seconds, 1 here) and
  // says so. Exchanging again after the window gets the key.
  await expect(async () => {
    await page.getByTestId('orders-exchange').click();
    await expect(said).toContainText('200: 2 orders of alice', { timeout: 1_500 });
  }).toPass({ timeout: 10_000 });

  // Revoked at authlab: orders, verifying offline, cannot know.
  await page.getByTestId('orders-revoke').click();
  await expect(said).toContainText("on authlab's denylist");
  await page.getByTestId('orders-again').click();
  await expect(said).toContainText('200: 2 orders of alice; calls to authlab for this request: 0');
  // Asking authlab each time finds it out, at one call per request.
  await page.getByTestId('orders-ask').check();
  await page.getByTestId('orders-again').click();
  await expect(said).toContainText('401 revoked');
  await expect(said).toContainText('asked authlab (POST /api/introspect');
  await expect(said).toContainText('…and at authlab');

  // A session cookie goes to orders too (cookies ignore ports); only authlab can say whose it is.
  await page.getByTestId('orders-cookie').click();
  await expect(said).toContainText('401 missing_token');
  await logIn(page, 'session');
  await page.getByTestId('orders-cookie').click();
  await expect(said).toContainText('200: 2 orders of alice; calls to authlab for this request: 1');
  await expect(said).toContainText('session record');

  const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[13]/.test(e));
  expect(unexpected).toEqual([]);
});

test('the BFF: the page holds only the session cookie, authlab calls orders, logout ends both', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByTestId('lab-tab-orders').click();
  await page.getByTestId('orders-alg-eddsa').click();
  await expect(page.getByTestId('orders-alg-eddsa')).toHaveAttribute('aria-pressed', 'true');
  await logIn(page, 'session');
  const said = page.getByTestId('orders-said');

  await page.getByTestId('bff-connect').click();
  await expect(said).toContainText('authlab keeps, in session record');
  await expect(said).toContainText('The page holds no token.');
  await page.getByTestId('bff-orders').click();
  await expect(said).toContainText('authlab called orders for you');
  await expect(said).toContainText('200: 2 orders of alice');
  // Nothing the page can read holds a token.
  const readable = await page.evaluate(() =>
    document.cookie + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(readable).not.toContain('eyJ');

  await page.getByTestId('bff-logout').click();
  await expect(said).toContainText('refresh family revoked');
  await page.getByTestId('bff-orders').click();
  await expect(said).toContainText('401');

  const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[19]/.test(e));
  expect(unexpected).toEqual([]);
});
