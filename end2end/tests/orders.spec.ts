import { test, expect } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated } from './helpers';

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

async function logInJwt(page: import('@playwright/test').Page) {
  const column = jwtColumn(page);
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: 'Log in (JWT)' }).click();
  await expect(column.getByText('Token held for alice')).toBeVisible();
}

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
