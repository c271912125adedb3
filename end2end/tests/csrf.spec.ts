import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, logInBoth, openHydrated, sessionColumn } from './helpers';

// The evil site is this server's second, loopback-only listener, reached by the other loopback
// name (localhost vs 127.0.0.1): another *site*, so SameSite and Sec-Fetch-Site apply.

/** Submits one of the evil site's forms; answers the app's JSON answer as text. */
async function submitForm(evil: Page, url: string, scheme: 'session' | 'jwt') {
  await evil.goto(url);
  await evil.getByTestId(`evil-form-${scheme}`).click();
  await evil.waitForURL(`**/api/${scheme}/transfer`);
  return (await evil.locator('body').innerText()).trim();
}

test.afterEach(async ({ request }) => {
  // The switches are the server's: put them back for every other test.
  await request.post('/api/lab/reset', { data: {} });
});

test('another site is refused by default and gets through only with both lab switches on; the bearer never goes along', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInBoth(page);
  await page.getByTestId('lab-tab-csrf').click();
  const lab = page.getByTestId('csrf-lab');
  const url = (await lab.getByTestId('evil-link').getAttribute('href'))!;
  expect(url).toMatch(/^http:\/\/localhost:\d+\/$/);
  const evil = await context.newPage();

  // Defaults: SameSite=Lax keeps the cookie home, and the origin check refuses anyway.
  expect(await submitForm(evil, url, 'session')).toContain('cross-origin request refused');
  expect(await submitForm(evil, url, 'jwt')).toContain('cross-origin request refused');
  const sessionTrace = sessionColumn(page).getByTestId('session-trace');
  await expect(sessionTrace.locator('li').first()).toContainText('403');
  await expect(sessionTrace.locator('li').first()).toContainText('other site');
  await expect(sessionTrace.locator('li').first()).toContainText('no credential');
  await expect(lab.getByTestId('transfers')).toContainText('None: no request has moved a coin.');

  // Origin check off: the request is let in, but no cookie came with it.
  await lab.getByTestId('switch-origin-check-off').check();
  await expect(page.locator('.lab-bar')).toContainText('Origin check is off');
  expect(await submitForm(evil, url, 'session')).toContain('log in first');
  expect(await submitForm(evil, url, 'jwt')).toContain('no Authorization: Bearer header');
  await expect(lab.getByTestId('transfers')).toContainText('None: no request has moved a coin.');

  // SameSite=None as well: the next answer re-sets the cookie, and now it goes along.
  await lab.getByTestId('switch-samesite-none').check();
  await expect(page.locator('.lab-bar')).toContainText('SameSite=None');
  await sessionColumn(page).getByRole('button', { name: 'Who am I?' }).click();
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === 'authlab_session')?.sameSite)
    .toBe('None');
  const done = await submitForm(evil, url, 'session');
  expect(done).toContain('"to":"mallory"');
  await expect(lab.getByTestId('transfers')).toContainText(
    'alice sent 100 coins to mallory · cookie session · request from: cross-site',
  );
  await expect(sessionTrace.locator('li').first()).toContainText('200');
  await expect(sessionTrace.locator('li').first()).toContainText('cookie');
  // The bearer scheme stays immune: nothing adds the token but this page's own script.
  expect(await submitForm(evil, url, 'jwt')).toContain('no Authorization: Bearer header');
  await expect(lab.getByTestId('transfers').locator('li')).toHaveCount(1);

  // Reset puts both switches back on their secure defaults.
  await page.getByRole('button', { name: 'Reset the lab' }).click();
  await expect(lab.getByTestId('switch-origin-check-off')).not.toBeChecked();
  await expect(lab.getByTestId('switch-samesite-none')).not.toBeChecked();
  await expect(lab.getByTestId('transfers')).toContainText('None: no request has moved a coin.');
  expect(errors).toEqual([]);
});
