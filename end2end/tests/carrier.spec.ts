import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated, sessionColumn } from './helpers';

// The carrier axis, as Chromium decides it: where a credential travels, whatever the scheme.

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

/** Picks a column's carrier and logs alice in. */
async function logInCarried(page: Page, which: 'session' | 'jwt', carrier: 'cookie' | 'header') {
  const column = which === 'session' ? sessionColumn(page) : jwtColumn(page);
  await column.getByTestId(`${which}-carrier`).locator(`#${which}-carrier-${carrier}`).check();
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column
    .getByRole('button', { name: `Log in (${which === 'session' ? 'Cookie session' : 'JWT'})` })
    .click();
  return column;
}

test('a session id carried in a header is kept where page script can read it; logout still ends it', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = await logInCarried(page, 'session', 'header');
  await expect(column.getByText('Logged in as alice (user)')).toBeVisible();
  // Page script reads the id from localStorage; no session cookie exists at all.
  const id = await page.evaluate(() => localStorage.getItem('authlab.session'));
  expect(id).toBeTruthy();
  await expect(column.getByTestId('session-raw')).toHaveText(id!);
  expect((await context.cookies()).some((c) => c.name === 'authlab_session')).toBe(false);
  // The page sends it as X-Session-Id, and the server says so.
  await column.getByRole('button', { name: 'Who am I?' }).click();
  await expect(column.getByTestId('session-trace').locator('li').first()).toContainText('200');
  await expect(column.getByTestId('session-trace').locator('li').first()).toContainText('header');
  // A script that copied it can use it from anywhere — until logout deletes the record.
  const elsewhere = await page.request.get('/api/session/me', { headers: { 'X-Session-Id': id! } });
  expect(elsewhere.status()).toBe(200);
  await column.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(column.getByText('Not logged in.')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('authlab.session'))).toBeNull();
  const after = await page.request.get('/api/session/me', { headers: { 'X-Session-Id': id! } });
  expect(after.status()).toBe(401);
  expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
});

test('a JWT carried in a cookie is invisible to page script and still answers who I am', async ({
  page,
  context,
}) => {
  await openHydrated(page);
  const column = await logInCarried(page, 'jwt', 'cookie');
  await expect(column.getByText(/Tokens held in HttpOnly cookies/)).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('authlab.jwt'))).toBeNull();
  expect(await page.evaluate(() => document.cookie)).not.toContain('authlab_jwt');
  const cookie = (await context.cookies()).find((c) => c.name === 'authlab_jwt');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.path).toBe('/api');
  await expect(column.getByTestId('jwt-cookies')).toContainText('authlab_jwt_refresh=…');
  await column.getByRole('button', { name: 'Who am I?' }).click();
  await expect(column.getByTestId('jwt-claims')).toContainText('sub: alice');
  await expect(column.getByText('Token held for alice')).toBeVisible();
  // Refresh rotates both cookies on the server's side; the page never saw either.
  const before = cookie!.value;
  await column.getByRole('button', { name: 'Refresh' }).click();
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === 'authlab_jwt')?.value)
    .not.toBe(before);
  await column.getByRole('button', { name: 'Log out' }).click();
  await expect(column.getByText('No token held.')).toBeVisible();
  await expect.poll(async () => (await context.cookies()).some((c) => c.name === 'authlab_jwt')).toBe(false);
  // The scenario bar names the carriers its next run will use: the columns' own switches.
  await expect(page.getByTestId('scenario-jwt-carrier')).toHaveText('JWT: HttpOnly cookie');
});

test('another site rides a cookie-carried JWT only when both CSRF lab switches are on', async ({
  page,
  context,
}) => {
  await openHydrated(page);
  const column = await logInCarried(page, 'jwt', 'cookie');
  await expect(column.getByText(/Tokens held in HttpOnly cookies/)).toBeVisible();
  await page.getByTestId('lab-tab-csrf').click();
  const lab = page.getByTestId('csrf-lab');
  const url = (await lab.getByTestId('evil-link').getAttribute('href'))!;
  const evil = await context.newPage();
  const submit = async () => {
    await evil.goto(url);
    await evil.getByTestId('evil-form-jwt').click();
    await evil.waitForURL('**/api/jwt/transfer');
    return (await evil.locator('body').innerText()).trim();
  };
  // By default the browser keeps the SameSite=Lax cookie home, and the origin check refuses.
  expect(await submit()).toContain('cross-origin request refused');
  await lab.getByTestId('switch-origin-check-off').check();
  expect(await submit()).toContain('no Authorization: Bearer header');
  // SameSite=None: the next refresh re-sets the cookies, and now they go along.
  await lab.getByTestId('switch-samesite-none').check();
  await column.getByRole('button', { name: 'Refresh' }).click();
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === 'authlab_jwt')?.sameSite)
    .toBe('None');
  expect(await submit()).toContain('"to":"mallory"');
  await expect(lab.getByTestId('transfers')).toContainText('alice sent 100 coins to mallory · JWT');
});

test('the XSS lab follows the carrier: a kept session id is read and replayed, a cookie-carried JWT only ridden', async ({
  page,
}) => {
  await openHydrated(page);
  await logInCarried(page, 'session', 'header');
  await expect(sessionColumn(page).getByText('Logged in as alice (user)')).toBeVisible();
  const jwt = await logInCarried(page, 'jwt', 'cookie');
  await expect(jwt.getByText(/Tokens held in HttpOnly cookies/)).toBeVisible();
  await page.getByTestId('lab-tab-xss').click();
  await page.getByTestId('run-xss').click();
  const out = page.getByTestId('xss-out');
  await expect(out).toContainText('READ the session id from localStorage (the header carrier)');
  await expect(out).toContainText("REPLAYED the copied id with no cookie and nothing of this page (credentials: 'omit', as the attacker's own machine would): 200");
  await expect(out).toContainText('No token in localStorage or sessionStorage');
  await expect(out).toContainText('a cookie-carried token cannot be read, only ridden');
  await expect(out).toContainText("fetch('/api/jwt/me') from this page: 200 — the browser added the JWT cookie");
  // After logout the copied id is dead: the record is gone (the state model, not the carrier).
  const id = await page.evaluate(() => localStorage.getItem('authlab.session'));
  await sessionColumn(page).getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(sessionColumn(page).getByText('Not logged in.')).toBeVisible();
  const replay = await page.request.get('/api/session/me', { headers: { 'X-Session-Id': id! } });
  expect(replay.status()).toBe(401);
});
