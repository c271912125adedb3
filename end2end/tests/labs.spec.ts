import { test, expect } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, logInBoth, openHydrated } from './helpers';

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

test('the storage matrix measures every cell in this browser, across one reload', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByTestId('lab-tab-storage').click();
  await page.getByTestId('run-matrix').click();
  // The run reloads the page once and comes back with the whole matrix and a clean address.
  const matrix = page.getByTestId('matrix');
  await expect(matrix).toBeVisible({ timeout: 25_000 });
  await expect(page.getByTestId('matrix-status')).toContainText('Done');
  expect(new URL(page.url()).search).toBe('');
  const cell = (row: string, column: number) =>
    matrix.locator(`tr[data-row="${row}"] td[data-column="${column}"] strong`);
  const expected: Record<string, string[]> = {
    //        reload  new tab  restart           script  cross-site
    cookie: ['yes', 'yes', 'cannot measure', 'no', 'no'],
    local: ['yes', 'yes', 'cannot measure', 'yes', 'no'],
    session: ['yes', 'no', 'cannot measure', 'yes', 'no'],
    memory: ['no', 'no', 'cannot measure', 'no', 'no'],
  };
  for (const [row, cells] of Object.entries(expected)) {
    for (const [column, text] of cells.entries()) {
      await expect(cell(row, column), `${row} / column ${column}`).toHaveText(text);
    }
  }
  // The probes do not outlive the run.
  expect(await page.evaluate(() => localStorage.getItem('authlab.probe'))).toBeNull();
  expect(errors).toEqual([]);
});

test('an injected script reads a stored JWT, not the HttpOnly cookie, yet rides the session and catches a token kept in memory', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInBoth(page);
  await page.getByTestId('lab-tab-xss').click();
  const out = page.getByTestId('xss-out');
  await page.getByTestId('run-xss').click();
  await expect(out).toContainText('READ the token pair from localStorage');
  await expect(out).toContainText('document.cookie has no session cookie');
  await expect(out).toContainText("fetch('/api/session/me') from this page: 200");

  // Kept in memory, the token is not found lying around — but it leaks when it is used.
  await jwtColumn(page).getByLabel('memory').check();
  await page.getByTestId('run-xss').click();
  await expect(out).toContainText('No token in localStorage or sessionStorage');
  await expect(out).toContainText('Hooked window.fetch');
  await jwtColumn(page).getByRole('button', { name: 'Who am I?' }).click();
  await expect(out).toContainText('CAUGHT a bearer token the page just sent');
  // No BFF connected: nothing to ride there either (409).
  await expect(out).toContainText("fetch('/api/bff/orders'): 409 — no BFF login to ride on.");
  // The script also tries to ride a JWT cookie and a BFF login that are not there: the browser
  // logs that 401 and 409.
  expect(errors.filter((e) => !/status of (401|409)/.test(e))).toEqual([]);
});

test('forged tokens are refused by the real verifier, each with its reason, and a weak lab key is cracked', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = jwtColumn(page);
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: 'Log in (JWT)' }).click();
  await expect(column.getByText('Token held for alice')).toBeVisible();
  await page.getByTestId('lab-tab-forge').click();
  await page.getByTestId('run-forge').click();
  const out = page.getByTestId('forge-out');
  await expect(out).toContainText('would have said 200', { timeout: 20_000 });
  await expect(out).toContainText(/1\. Tamper: role → admin, signature kept → 401 refused: \S/);
  await expect(out).toContainText(/2\. alg: none, no signature → 401 refused: alg "none" means unsigned/);
  await expect(out).toContainText(/3\. Algorithm confusion: .* → 401 refused: alg RS256 is not accepted/);
  await expect(out).toContainText(/4\. Weak secret: a lab token's HS256 key cracked in \d+ ms/);
  await expect(out).toContainText(/An admin token signed with ".+" → 401 refused: \S/);
  await expect(out).not.toContainText('ACCEPTED');
  // Every forgery went to the real verifier: the JWT trace shows the refusals.
  await expect(column.getByTestId('jwt-trace').locator('li').first()).toContainText('401');
  // The browser logs each 401 fetch as a failed resource; nothing else may appear.
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
