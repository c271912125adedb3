import { test, expect } from '@playwright/test';
import { collectConsoleErrors, openHydrated } from './helpers';

// The API page works with no internet: Chromium may fetch nothing but authlab itself, and the
// page still shows every endpoint, styled, with its curl lines.

test('the API page renders offline, every endpoint with a curl line per way it accepts', async ({
  page,
  request,
  baseURL,
}) => {
  const errors = collectConsoleErrors(page);
  const own = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(own) || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  const doc = await (await request.get('/api/openapi.json')).json();
  const operations = Object.values(doc.paths as Record<string, object>).reduce(
    (n, item) => n + Object.keys(item).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m)).length,
    0,
  );

  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('the API');
  await expect(page.getByTestId('api-op')).toHaveCount(operations);
  // The stylesheet applied: a curl line is one click to select, whole.
  const line = page.locator('#get-api-jwt-me').getByTestId('curl').first();
  await expect(line).toHaveCSS('user-select', 'all');
  await line.click();
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selected).toContain('Authorization: Bearer $TOKEN');
  expect(selected).toContain('/api/jwt/me');
  // The session's who-am-I: both carriers.
  const me = page.locator('#get-api-session-me');
  await expect(me.getByTestId('curl')).toHaveCount(2);
  await expect(me).toContainText('X-Session-Id: $SID');
  await expect(me).toContainText('session.txt');

  expect(elsewhere).toEqual([]);
  expect(errors).toEqual([]);
});

test('the page links to the API page, a link the wasm does not carry but keeps', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByTestId('api-docs-link').click();
  await expect(page).toHaveURL(/\/api\/docs$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('the API');
  expect(errors).toEqual([]);
});
