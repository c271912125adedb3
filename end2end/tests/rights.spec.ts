import { test, expect } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, logInBoth, openHydrated, sessionColumn } from './helpers';

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

test('a role changed by the admin is stale in both columns until a fix or a refresh', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await logInBoth(page);
  await page.getByTestId('lab-tab-rights').click();
  await page.getByTestId('rights-signin').click();
  const alice = page.getByTestId('rights-users').locator('tr[data-user="alice"]');
  await expect(alice).toContainText('user');
  await page.getByTestId('rights-role').click();
  await expect(page.getByTestId('rights-said')).toContainText('role set to admin');
  await expect(page.getByTestId('rights-said')).toContainText('stale until each session ends');
  // The users table says admin; the live sessions' copies (this page's, and those earlier tests
  // left in the store) still say user, marked stale.
  await expect(alice.locator('td').nth(1)).toHaveText('admin');
  await expect(alice.locator('.stale').first()).toHaveText('user');

  // Both credentials still carry the old role.
  const session = sessionColumn(page);
  await session.getByRole('button', { name: 'Who am I?' }).click();
  await expect(session.getByText('Logged in as alice (user)')).toBeVisible();
  // The session fix: every request re-reads the user.
  await page.getByTestId('switch-session-load-user').check();
  await session.getByRole('button', { name: 'Who am I?' }).click();
  await expect(session.getByText('Logged in as alice (admin)')).toBeVisible();

  // The JWT's per-user check refuses the token signed before the change.
  await page.getByTestId('switch-jwt-user-check').check();
  const jwt = jwtColumn(page);
  await jwt.getByRole('button', { name: 'Who am I?' }).click();
  await expect(jwt.getByText(/rights_changed|rights version/).first()).toBeVisible();
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
