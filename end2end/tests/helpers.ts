import { expect, type Page, type ConsoleMessage } from '@playwright/test';

// find: the parts of the page a user looks at.
export const sessionColumn = (page: Page) =>
  page.getByRole('article', { name: 'Cookie session (stateful)' });
export const jwtColumn = (page: Page) => page.getByRole('article', { name: 'JWT (stateless)' });
export const themeButton = (page: Page) => page.getByRole('button', { name: /^Theme:/ });

// act: open the page and wait until the wasm has hydrated it.
export async function openHydrated(page: Page) {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

// act: log alice in on one side, and wait until its column says so.
export async function logIn(page: Page, side: 'session' | 'jwt') {
  const [column, scheme, shown] =
    side === 'session'
      ? [sessionColumn(page), 'Cookie session', 'Logged in as alice (user)']
      : [jwtColumn(page), 'JWT', 'Token held for alice'];
  await column.getByRole('button', { name: 'Fill in alice' }).click();
  await column.getByRole('button', { name: `Log in (${scheme})` }).click();
  await expect(column.getByText(shown)).toBeVisible();
}

// act: log alice in on both sides.
export async function logInBoth(page: Page) {
  await logIn(page, 'session');
  await logIn(page, 'jwt');
}

// check: collect every console error and uncaught exception while a test runs.
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}
