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

// check: collect every console error and uncaught exception while a test runs.
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}
