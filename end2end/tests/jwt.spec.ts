import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated } from './helpers';

const panel = (page: Page, name: RegExp) =>
  jwtColumn(page).locator('section.panel').filter({ has: page.getByRole('heading', { name }) });

async function logIn(page: Page, who: 'alice' | 'bob') {
  const column = jwtColumn(page);
  await column.getByRole('button', { name: `Fill in ${who}` }).click();
  await column.getByRole('button', { name: 'Log in (JWT)' }).click();
  await expect(column.getByText(`Token held for ${who}`)).toBeVisible();
}

test('JWT: decoded claims, who-am-I, logout leaves a working copy until it is revoked', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = jwtColumn(page);
  await logIn(page, 'alice');
  await expect(column.getByTestId('jwt-countdown')).toHaveText(/^(5:00|4:[0-5]\d)$/);

  // Browser holds: the raw localStorage value, and the token decoded in the page.
  const browser = panel(page, /Browser holds/);
  const stored = await page.evaluate(() => localStorage.getItem('authlab.jwt'));
  expect(JSON.parse(stored!).token_type).toBe('Bearer');
  await expect(browser.getByTestId('jwt-raw')).toContainText('"access_token"');
  await expect(browser.locator('tr[data-claim="sub"]').first()).toContainText('alice');
  await expect(browser.locator('tr[data-claim="role"]').first()).toContainText('user');
  await expect(browser.locator('tr[data-claim="exp"]').first()).toContainText('expires');
  await expect(browser.locator('tr[data-claim="alg"]').first()).toContainText('HS256');
  await expect(browser.getByTestId('jwt-string').first().locator('.jwt-signature')).not.toBeEmpty();

  await column.getByRole('button', { name: 'Who am I?' }).click();
  const requests = panel(page, /Requests/);
  await expect(requests).toContainText('GET /api/jwt/me');
  await expect(requests).toContainText('Authorization: Bearer eyJ');
  await expect(requests.locator('.status-code')).toHaveText('200');
  await expect(requests.getByTestId('jwt-verdict').locator('[data-check="signature"]')).toHaveClass(/accepted/);
  await expect(requests.getByTestId('jwt-verdict').locator('[data-check="denylist"]')).toHaveClass(/accepted/);
  await expect(browser).toContainText("Server's verdict: HS256 valid");

  // Logout forgets the tokens here and ends the refresh family...
  await column.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(column.getByText('No token held.')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('authlab.jwt'))).toBeNull();
  await expect(panel(page, /Server holds/).getByTestId('jwt-family')).toContainText('revoked (logout)');

  // ...but the copy still works: nothing on the server knew about it.
  const copy = column.getByTestId('old-copy');
  await copy.getByRole('button', { name: 'Send the old copy' }).click();
  await expect(requests.locator('.status-code')).toHaveText('200');

  await copy.getByRole('button', { name: 'Revoke the old copy' }).click();
  await expect(requests).toContainText('POST /api/jwt/revoke');
  await copy.getByRole('button', { name: 'Send the old copy' }).click();
  await expect(requests.locator('.status-code')).toHaveText('401');
  await expect(requests.getByTestId('jwt-verdict').locator('[data-check="denylist"]')).toHaveClass(/refused/);
  await expect(requests).toContainText('revoked');
  // The one console error allowed: Chromium's own log line for the 401 we asked for.
  expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
});

test('JWT: localStorage survives a reload, memory does not, and switching moves the token', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = jwtColumn(page);
  await column.getByLabel('localStorage').check();
  await logIn(page, 'alice');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(column.getByText('Token held for alice')).toBeVisible();

  await column.getByLabel('sessionStorage').check();
  expect(await page.evaluate(() => localStorage.getItem('authlab.jwt'))).toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem('authlab.jwt'))).toContain('access_token');

  await column.getByLabel('memory').check();
  expect(await page.evaluate(() => sessionStorage.getItem('authlab.jwt'))).toBeNull();
  await expect(panel(page, /Browser holds/)).toContainText('In page memory only');
  await expect(column.getByText('Token held for alice')).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(column.getByText('No token held.')).toBeVisible();
  await expect(column.getByLabel('memory')).toBeChecked();
  expect(errors).toEqual([]);
});

test('JWT: refresh rotates, and a pasted broken token shows where it broke', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = jwtColumn(page);
  await column.getByLabel('memory').check();
  await logIn(page, 'bob');
  const before = await column.getByTestId('jwt-string').first().textContent();
  await column.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel(page, /Requests/)).toContainText('POST /api/jwt/refresh');
  await expect(panel(page, /Server holds/).getByTestId('jwt-family')).toContainText('1 rotation(s)');
  await expect(column.getByTestId('jwt-string').first()).not.toHaveText(before!);

  const browser = panel(page, /Browser holds/);
  await browser.getByText('Decode a token of your own').click();
  await browser.getByLabel('Token to decode').fill('eyJhbGciOiJub25lIn0.bm90IGpzb24.');
  await expect(browser.getByRole('alert')).toContainText('payload: not JSON');
  await expect(browser.getByRole('alert')).toContainText('unsigned');
  expect(errors).toEqual([]);
});
