import { test, expect } from '@playwright/test';
import { collectConsoleErrors, openHydrated, sessionColumn } from './helpers';

const panel = (page, name: RegExp) =>
  sessionColumn(page).locator('section.panel').filter({ has: page.getByRole('heading', { name }) });

test('session login, who-am-I and logout; the old cookie is refused afterwards', async ({
  page,
  context,
  request,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const column = sessionColumn(page);
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await expect(column.getByText('Logged in as alice (user)')).toBeVisible();
  await expect(column.getByTestId('session-countdown')).toHaveText(/^(30:00|29:[0-5]\d)$/);

  // Browser holds: the cookie's attributes, and page scripts cannot see it.
  const browser = panel(page, /Browser holds/);
  await expect(browser).toContainText('authlab_session=');
  await expect(browser).toContainText('HttpOnly');
  await expect(browser).toContainText('SameSite=Lax');
  await expect(browser.getByTestId('document-cookie')).not.toContainText('authlab_session');
  await expect(browser).toContainText('The session cookie is absent');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'authlab_session')!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe('Lax');
  expect(await page.evaluate(() => document.cookie)).not.toContain(session.value);

  // Server holds: the store row of this browser, by handle, never by id.
  const server = panel(page, /Server holds/);
  await expect(server).toContainText('Session store: sqlite');
  await expect(server).toContainText('this browser');
  await expect(server).not.toContainText(session.value.slice(-22));

  await column.getByRole('button', { name: 'Who am I?' }).click();
  const requests = panel(page, /Requests/);
  await expect(requests).toContainText('GET /api/session/me');
  await expect(requests).toContainText('200');
  await expect(requests).toContainText('"username": "alice"');

  // The stolen copy works while the session lives...
  const replay = () =>
    request.get('/api/session/me', { headers: { Cookie: `authlab_session=${session.value}` } });
  expect((await replay()).status()).toBe(200);

  await column.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(column.getByText('Not logged in.')).toBeVisible();
  await expect(server).toContainText('No row of yours');
  expect((await context.cookies()).find((c) => c.name === 'authlab_session')).toBeUndefined();

  // ...and is dead once the server deleted the record.
  const after = await replay();
  expect(after.status()).toBe(401);
  expect((await after.json()).error).toBeTruthy();
  expect(errors).toEqual([]);
});

test('a wrong password is refused with one message, and nothing is stored', async ({ page }) => {
  await openHydrated(page);
  await expect(panel(page, /Server holds/)).toContainText('Session store: sqlite. No row of yours');
  const column = sessionColumn(page);
  await column.getByLabel('Username').fill('alice');
  await column.getByLabel('Password').fill('not-her-password');
  await column.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await expect(column.getByRole('alert')).toHaveText('invalid credentials');
  await expect(column.getByText('Not logged in.')).toBeVisible();
  await expect(panel(page, /Requests/)).toContainText('401');
  await expect(panel(page, /Server holds/)).toContainText('No row of yours');
});

test('a session survives a reload of the page', async ({ page }) => {
  await openHydrated(page);
  const column = sessionColumn(page);
  await column.getByRole('button', { name: 'Fill in bob' }).click();
  await column.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await expect(column.getByText('Logged in as bob (admin)')).toBeVisible();
  await page.reload();
  await expect(sessionColumn(page).getByText('Logged in as bob (admin)')).toBeVisible();
});

test('ending another browser\'s session from the store view logs that browser out', async ({
  page,
  browser,
}) => {
  // The "phone": a second browser with its own cookie jar, logged in as alice too.
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  for (const p of [phone, page]) {
    await openHydrated(p);
    const column = sessionColumn(p);
    await column.getByRole('button', { name: 'Fill in alice' }).click();
    await column.getByRole('button', { name: 'Log in (Cookie session)' }).click();
    await expect(column.getByText('Logged in as alice (user)')).toBeVisible();
  }
  // The phone's handle, as the phone's own store view marks it.
  const phoneRow = panel(phone, /Server holds/).locator('tbody tr').filter({ hasText: 'this browser' });
  const handle = (await phoneRow.locator('code').textContent())!.trim();
  const server = panel(page, /Server holds/);
  const end = server.getByRole('button', { name: `End session ${handle}` });
  await expect(end).toBeVisible();
  await end.click();
  await expect(end).toHaveCount(0);
  await expect(server.getByText('this browser')).toBeVisible();

  await sessionColumn(phone).getByRole('button', { name: 'Who am I?' }).click();
  await expect(panel(phone, /Requests/)).toContainText('401');
  await expect(sessionColumn(phone).getByText('Not logged in.')).toBeVisible();
  await expect(sessionColumn(page).getByText('Logged in as alice (user)')).toBeVisible();
  await phoneContext.close();
});
