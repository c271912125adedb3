import { test, expect, type Locator, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated, sessionColumn } from './helpers';

// What decides what: the carrier × state grid, every cell measured by Chromium and the server.

test.afterEach(async ({ request }) => {
  await request.post('/api/lab/reset', { data: {} });
});

const COMBOS = ['cookie-session', 'cookie-jwt', 'header-session', 'header-jwt'];

/** The four cells of a question, in the grid's order, and the axis it names. */
async function row(grid: Locator, question: string) {
  const tr = grid.locator(`tr[data-question="${question}"]`);
  const cells = await Promise.all(
    COMBOS.map((combo) => tr.locator(`td[data-combo="${combo}"] strong`).innerText()),
  );
  return { cells, decider: await tr.locator('td.decider').innerText() };
}

async function runGrid(page: Page) {
  await page.getByTestId('run-grid').click();
  await expect(page.getByTestId('grid-status')).toContainText('Measured just now', { timeout: 20_000 });
  const status = await page.getByTestId('grid-status').innerText();
  test.info().annotations.push({ type: 'grid run', description: status });
  return page.getByTestId('grid');
}

test('the grid measures all four pairs: the carrier decides readability and sending, the state model logout and lookups', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const grid = await runGrid(page);

  // Chromium decides: an HttpOnly cookie is hidden from page script, a kept header value is not.
  expect(await row(grid, 'script')).toEqual({
    cells: ['no', 'no', 'yes', 'yes'],
    decider: 'the carrier',
  });
  expect(await row(grid, 'automatic')).toEqual({
    cells: ['yes', 'yes', 'no', 'no'],
    decider: 'the carrier',
  });
  // By default (SameSite=Lax) another site's request carries neither cookie; a header never goes.
  const crossSite = await row(grid, 'cross-site');
  expect(crossSite.cells).toEqual(['no', 'no', 'no', 'no']);
  await expect(grid.locator('tr[data-question="cross-site"] td[data-combo="cookie-jwt"] small')).toContainText(
    'SameSite=Lax',
  );
  await expect(grid.locator('tr[data-question="cross-site"] td[data-combo="header-jwt"] small')).toContainText(
    'only this page\'s script adds one',
  );
  // The server decides: a deleted record kills every copy, a signature outlives logout.
  expect(await row(grid, 'logout')).toEqual({
    cells: ['yes', 'no', 'yes', 'no'],
    decider: 'the state model',
  });
  expect((await row(grid, 'lookups')).decider).toBe('the state model');
  await expect(grid.locator('tr[data-question="lookups"] td[data-combo="header-session"] small')).toContainText(
    'session-store lookup',
  );
  const bytes = await row(grid, 'bytes');
  expect(bytes.decider).toBe('the state model');
  const sizes = bytes.cells.map((cell) => Number.parseInt(cell, 10));
  expect(sizes[1]).toBeGreaterThan(3 * sizes[0]);
  await expect(grid.locator('tr[data-question="bytes"] td[data-combo="cookie-jwt"] small')).toContainText('4096');
  // The tests run two nodes with node-local memory stores: the copy replayed at node b.
  expect(await row(grid, 'other-node')).toEqual({
    cells: ['no', 'yes', 'no', 'yes'],
    decider: 'the state model',
  });
  await expect(grid.locator('tr[data-question="other-node"] td[data-combo="cookie-session"] small')).toContainText(
    'at node b: 401',
  );
  await expect(page.getByTestId('grid-verdict')).toContainText('The carrier decided: script on the page can read it');

  // The run cleaned up after itself: no credential left in the browser, columns logged out.
  const names = (await context.cookies()).map((c) => c.name);
  expect(names.filter((name) => name.startsWith('authlab_session') || name.startsWith('authlab_jwt'))).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('authlab.grid'))).toBeNull();
  await expect(sessionColumn(page).getByText('Not logged in.')).toBeVisible();
  await expect(jwtColumn(page).getByText('No token held.')).toBeVisible();
  // Every question is asked without a refused request in the page: no console error at all.
  expect(errors).toEqual([]);
});

test("the guide \"It's not cookies vs tokens\" swaps both carriers, ends on the grid, and resets", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByRole('button', { name: 'Presenter' }).click();
  const panel = page.getByRole('region', { name: 'Presenter' });
  await panel.getByLabel('Guided scenario').selectOption({ label: "It's not cookies vs tokens" });
  await expect(panel.getByTestId('slide-count')).toHaveText('1 / 6');

  await panel.getByRole('button', { name: 'Next →' }).click();
  await expect(sessionColumn(page).getByText('Logged in as alice (user)')).toBeVisible();
  await expect(jwtColumn(page).getByText('Token held for alice')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('authlab.jwt'))).toBeTruthy();

  await panel.getByRole('button', { name: 'Next →' }).click();
  await expect(panel.getByTestId('slide-count')).toHaveText('3 / 6');
  await expect(sessionColumn(page).getByText('Logged in as alice (user)')).toBeVisible();
  await expect(jwtColumn(page).getByText(/Tokens held in HttpOnly cookies/)).toBeVisible();
  // Now the session id is what page script can read, and the token is what it cannot.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('authlab.session'))).toBeTruthy();
  expect(await page.evaluate(() => localStorage.getItem('authlab.jwt'))).toBeNull();
  expect(await page.evaluate(() => document.cookie)).not.toContain('authlab_jwt');
  await expect(page.getByTestId('scenario-session-carrier')).toHaveText('session id: X-Session-Id header');

  await panel.getByRole('button', { name: 'Next →' }).click();
  await panel.getByRole('button', { name: 'Next →' }).click();
  await expect(panel.getByTestId('slide-count')).toHaveText('5 / 6');
  await expect(page.getByTestId('grid-status')).toContainText('Measured just now', { timeout: 20_000 });
  await expect(page.getByTestId('grid')).toBeVisible();

  await panel.getByRole('button', { name: 'Reset' }).click();
  await expect(panel.getByTestId('slide-count')).toHaveText('1 / 6');
  await expect(page.getByTestId('grid')).toHaveCount(0);
  await expect(page.getByTestId('scenario-session-carrier')).toHaveText('session id: HttpOnly cookie');
  await expect(page.getByTestId('scenario-jwt-carrier')).toHaveText('JWT: Authorization header');
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
