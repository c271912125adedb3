import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, logIn, openHydrated, sessionColumn } from './helpers';

// Node a serves the page and keeps sessions in SQLite; node b keeps its own in memory. Both
// share one signing key. The switch sends a column's next request to a or b.
// The balancer is global to the front door: put it back after each test, passed or not.
test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

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

test('the front door as a load balancer: round-robin loses the session on the other node, sticky keeps it', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const sessions = sessionColumn(page);
  const answered = requests(sessions, page).getByTestId('answered-by');
  const status = requests(sessions, page).locator('.status-code');
  const logIn = async () => {
    await sessions.getByRole('button', { name: 'Fill in alice' }).click();
    await sessions.getByRole('button', { name: 'Log in (Cookie session)' }).click();
    await expect(sessions.getByText('Logged in as alice (user)')).toBeVisible();
  };

  // Round-robin: the page sends plain paths, the door picks the node; a session made on one
  // node-local store is refused by the other, sooner or later.
  await sessions.getByTestId('session-door-round-robin').click();
  await expect(sessions.getByTestId('session-door-round-robin')).toHaveAttribute('aria-pressed', 'true');
  await expect(sessions.getByTestId('session-node-b')).toBeDisabled();
  await logIn();
  const madeOn = await answered.textContent();
  let lost = false;
  for (let i = 0; i < 6 && !lost; i++) {
    await sessions.getByRole('button', { name: 'Who am I?' }).click();
    await expect(status).not.toHaveText('');
    lost = (await status.textContent()) === '401';
  }
  expect(lost).toBe(true);

  // Sticky: the door's affinity cookie keeps this browser on one node.
  await sessions.getByTestId('session-door-sticky').click();
  await expect(sessions.getByTestId('session-door-sticky')).toHaveAttribute('aria-pressed', 'true');
  await logIn();
  const pinned = await answered.textContent();
  for (let i = 0; i < 4; i++) {
    await sessions.getByRole('button', { name: 'Who am I?' }).click();
    await expect(answered).toHaveText(pinned!);
    await expect(status).toHaveText('200');
  }
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'authlab_lb')?.value).toBe(pinned!.replace('node ', ''));
  expect(madeOn).toMatch(/^node [ab]$/);

  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});

test('a node stopped from the page takes no requests; started again, it still holds its sessions', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const sessions = sessionColumn(page);
  const answered = requests(sessions, page).getByTestId('answered-by');
  const status = requests(sessions, page).locator('.status-code');
  // A session in b's memory.
  await sessions.getByTestId('session-node-b').click();
  await logIn(page, 'session');
  await expect(answered).toHaveText('node b');
  await logIn(page, 'jwt');

  await sessions.getByTestId('session-stop-b').click();
  await expect(sessions.getByTestId('session-start-b')).toBeVisible();
  await expect(jwtColumn(page).getByTestId('jwt-start-b')).toBeVisible();
  await sessions.getByRole('button', { name: 'Who am I?' }).click();
  await expect(status).toHaveText('502');

  // Round-robin leaves the stopped node out: the JWT verifies on the node that answers.
  const jwt = jwtColumn(page);
  await jwt.getByTestId('jwt-door-round-robin').click();
  await expect(jwt.getByTestId('jwt-door-round-robin')).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < 3; i++) {
    await jwt.getByRole('button', { name: 'Who am I?' }).click();
    await expect(requests(jwt, page).getByTestId('answered-by')).toHaveText('node a');
    await expect(requests(jwt, page).locator('.status-code')).toHaveText('200');
  }

  // Started again: b listens on its address and still knows the session (stopped, not restarted).
  await jwt.getByTestId('jwt-start-b').click();
  await expect(jwt.getByTestId('jwt-stop-b')).toBeVisible();
  await sessions.getByTestId('session-door-direct').click();
  await expect(sessions.getByTestId('session-door-direct')).toHaveAttribute('aria-pressed', 'true');
  await sessions.getByTestId('session-node-b').click();
  await sessions.getByRole('button', { name: 'Who am I?' }).click();
  await expect(answered).toHaveText('node b');
  await expect(status).toHaveText('200');

  expect(errors.filter((e) => !/status of (401|502)/.test(e))).toEqual([]);
});
