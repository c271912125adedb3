import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated, sessionColumn } from './helpers';

// Node a serves the page and keeps sessions in SQLite; node b keeps its own in memory. Both
// share one signing key. The switch sends a column's next request to a or b.
const requests = (column: ReturnType<typeof sessionColumn>, page: Page) =>
  column.locator('section.panel').filter({ has: page.getByRole('heading', { name: /Requests/ }) });

test('node switch: the session is unknown on the other node, the JWT verifies on both', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);

  const sessions = sessionColumn(page);
  await expect(sessions.getByTestId('session-node-a')).toHaveAttribute('aria-pressed', 'true');
  await sessions.getByRole('button', { name: 'Fill in alice' }).click();
  await sessions.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await expect(sessions.getByText('Logged in as alice (user)')).toBeVisible();
  await expect(requests(sessions, page).getByTestId('answered-by')).toHaveText('node a');

  await sessions.getByTestId('session-node-b').click();
  await expect(sessions.getByTestId('session-node-b')).toHaveAttribute('aria-pressed', 'true');
  await expect(sessions.getByTestId('session-node-note')).toContainText('Node b keeps sessions in its own memory');
  await sessions.getByRole('button', { name: 'Who am I?' }).click();
  await expect(requests(sessions, page).getByTestId('answered-by')).toHaveText('node b');
  await expect(requests(sessions, page).locator('.status-code')).toHaveText('401');
  await expect(sessions.getByText('Not logged in.')).toBeVisible();
  // b's trace reaches the page too, named after its node.
  await expect(sessions.getByTestId('session-trace')).toContainText('node b');

  // b did not only refuse: it told the browser to delete the cookie, so a refuses it now too.
  await sessions.getByTestId('session-node-a').click();
  await sessions.getByRole('button', { name: 'Who am I?' }).click();
  await expect(requests(sessions, page).getByTestId('answered-by')).toHaveText('node a');
  await expect(requests(sessions, page).locator('.status-code')).toHaveText('401');

  // The JWT: issued by a, verified by b with nothing shared but the key.
  const jwt = jwtColumn(page);
  await jwt.getByRole('button', { name: 'Fill in alice' }).click();
  await jwt.getByRole('button', { name: 'Log in (JWT)' }).click();
  await expect(jwt.getByText('Token held for alice')).toBeVisible();
  await jwt.getByTestId('jwt-node-b').click();
  await expect(jwt.getByTestId('jwt-node-note')).toContainText('same key');
  await jwt.getByRole('button', { name: 'Who am I?' }).click();
  await expect(requests(jwt, page).getByTestId('answered-by')).toHaveText('node b');
  await expect(requests(jwt, page).locator('.status-code')).toHaveText('200');
  await expect(jwt.getByTestId('jwt-trace')).toContainText('node b');

  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
