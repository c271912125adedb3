import { test, expect } from '@playwright/test';
import { openHydrated } from './helpers';

// Every browser its own lab: two contexts are two attendees on one server.
test('two attendees: one moves the lab clock and weakens a switch, the other sees neither', async ({ browser }) => {
  const [one, two] = [await browser.newContext(), await browser.newContext()];
  const [a, b] = [await one.newPage(), await two.newPage()];
  await openHydrated(a);
  await openHydrated(b);
  const labId = async (context: typeof one) =>
    (await context.cookies()).find((c) => c.name === 'authlab_lab')?.value;
  expect(await labId(one)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(await labId(one)).not.toEqual(await labId(two));

  await a.getByRole('button', { name: '+31 min' }).click();
  await expect(a.getByTestId('lab-clock')).toHaveText('Lab clock +31 min');
  await a.getByTestId('lab-tab-csrf').click();
  await a.getByTestId('switch-samesite-none').check();
  await expect(a.getByTestId('switch-samesite-none')).toBeChecked();

  // b reloads its view of the lab: still now, still secure.
  await b.reload();
  await expect(b.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(b.getByTestId('lab-clock')).toHaveText('Lab clock +0 min');
  await b.getByTestId('lab-tab-csrf').click();
  await expect(b.getByTestId('switch-samesite-none')).not.toBeChecked();
  // And a's lab is still a's after a reload.
  await a.reload();
  await expect(a.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(a.getByTestId('lab-clock')).toHaveText('Lab clock +31 min');
  await one.close();
  await two.close();
});
