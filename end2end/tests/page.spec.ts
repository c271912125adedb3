import { test, expect } from '@playwright/test';
import {
  collectConsoleErrors,
  jwtColumn,
  openHydrated,
  sessionColumn,
  themeButton,
} from './helpers';

test('both schemes stand side by side at projector size, with the demo accounts', async ({ page }) => {
  await page.goto('/');
  const session = sessionColumn(page);
  const jwt = jwtColumn(page);
  await expect(session).toBeVisible();
  await expect(jwt).toBeVisible();
  for (const column of [session, jwt]) {
    await expect(column.getByRole('heading', { name: /Browser holds/ })).toBeVisible();
    await expect(column.getByRole('heading', { name: /Server holds/ })).toBeVisible();
    const accounts = column.getByRole('table', { name: 'Demo accounts' });
    await expect(accounts).toContainText('alice');
    await expect(accounts).toContainText('wonderland');
    await expect(accounts).toContainText('bob');
    await expect(accounts).toContainText('builder-bob');
  }
  const left = (await session.boundingBox())!;
  const right = (await jwt.boundingBox())!;
  expect(right.x).toBeGreaterThanOrEqual(left.x + left.width);
  expect(Math.abs(right.y - left.y)).toBeLessThan(2);
  // Mirrored: the same panel sits at the same height in both columns.
  const serverHoldsY = async (column: typeof session) =>
    (await column.getByRole('heading', { name: /Server holds/ }).boundingBox())!.y;
  expect(Math.abs((await serverHoldsY(session)) - (await serverHoldsY(jwt)))).toBeLessThan(2);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('on a narrow screen the columns stack into one', async ({ page }) => {
  await page.setViewportSize({ width: 600, height: 900 });
  await page.goto('/');
  const left = (await sessionColumn(page).boundingBox())!;
  const right = (await jwtColumn(page).boundingBox())!;
  expect(right.y).toBeGreaterThanOrEqual(left.y + left.height);
  expect(Math.abs(right.x - left.x)).toBeLessThan(2);
});

test('after hydration a demo account button fills that column\'s form', async ({ page }) => {
  await openHydrated(page);
  const jwt = jwtColumn(page);
  await jwt.getByRole('button', { name: 'Fill in bob' }).click();
  await expect(jwt.getByLabel('Username')).toHaveValue('bob');
  await expect(jwt.getByLabel('Password')).toHaveValue('builder-bob');
  // The other column's form is its own.
  await expect(sessionColumn(page).getByLabel('Username')).toHaveValue('');
});

test('the theme toggle cycles light and dark and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openHydrated(page);
  const html = page.locator('html');
  await expect(themeButton(page)).toHaveText('Theme: system');
  await themeButton(page).click();
  await expect(themeButton(page)).toHaveText('Theme: light');
  await themeButton(page).click();
  await expect(themeButton(page)).toHaveText('Theme: dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(16, 19, 24)');

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(16, 19, 24)');
  await expect(html).toHaveAttribute('data-hydrated', 'true');
  await expect(themeButton(page)).toHaveText('Theme: dark');
  await themeButton(page).click();
  await expect(themeButton(page)).toHaveText('Theme: system');
  await expect(html).not.toHaveAttribute('data-theme', /.*/);
});

test('the page follows a dark system theme by default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(16, 19, 24)');
});

test('the keyboard reaches the lab controls, the theme toggle, the scenario and the login fields', async ({ page }) => {
  await openHydrated(page);
  // The node switch and the front door appear when /api/nodes answers: count the Tabs after.
  await expect(sessionColumn(page).getByTestId('session-node-b')).toBeVisible();
  await expect(sessionColumn(page).getByTestId('session-door-sticky')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '+1 min' })).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab'); // +6, +31, reset, presenter, theme
  await expect(themeButton(page)).toBeFocused();
  await page.keyboard.press('Tab'); // the intro's link to the API page
  await expect(page.getByTestId('api-docs-link')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Run the scenario on both' })).toBeFocused();
  // next step, start over, the two carriers, the node switch (a, b), the front door (direct,
  // round-robin, sticky, stop b), username
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId('scenario-session-carrier')).toBeFocused();
  for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
  await expect(sessionColumn(page).getByLabel('Username')).toBeFocused();
  await page.keyboard.type('alice');
  await expect(sessionColumn(page).getByLabel('Username')).toHaveValue('alice');
});

test('loading, hydrating and using the page logs no console error', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await sessionColumn(page).getByRole('button', { name: 'Fill in alice' }).click();
  await themeButton(page).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(errors).toEqual([]);
});

test('the health endpoint answers ok', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});

// The long explanations are rendered by the server only (prose! in the app): hydration must keep
// them, after a tab switch too.
test('the server-only texts are still there after hydration and a tab switch', async ({ page }) => {
  await openHydrated(page);
  await expect(page.locator('.intro')).toContainText('Logging out deletes the server');
  await expect(page.getByTestId('carrier-grid')).toContainText('Two choices hide in');
  await page.getByTestId('lab-tab-orders').click();
  await expect(page.getByTestId('orders-lab')).toContainText('is another service, on its own port');
  await page.getByTestId('lab-tab-storage').click();
  await expect(page.getByTestId('storage-lab')).toContainText('Where should the page keep a credential?');
});
