import { test, expect } from '@playwright/test';
import { collectConsoleErrors, openHydrated } from './helpers';

test('a guided scenario steps with the keyboard, fills the comparison, links to a slide and resets', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
  const panel = page.getByRole('region', { name: 'Presenter' });
  await expect(panel.getByLabel('Guided scenario')).toHaveValue('0');
  await expect(panel.getByTestId('slide-count')).toHaveText('1 / 7');

  // log in · steal · log out · replay, from the keyboard.
  for (const [count, step] of [
    ['2 / 7', 'log in'],
    ['3 / 7', 'steal'],
    ['4 / 7', 'log out'],
    ['5 / 7', 'replay the stolen copy'],
  ]) {
    await page.keyboard.press('ArrowRight');
    await expect(panel.getByTestId('slide-count')).toHaveText(count);
    await expect(page.getByTestId('comparison').locator(`tr[data-step="${step}"]`)).toBeVisible();
  }
  await expect(panel.getByTestId('narration')).toContainText('The token still verifies');
  const replay = page.getByTestId('comparison').locator('tr[data-step="replay the stolen copy"] td');
  await expect(replay.nth(0)).toContainText('401 refused');
  await expect(replay.nth(1)).toContainText('200 accepted');
  await expect(page).toHaveURL(/\?present=logout&step=5$/);

  await page.keyboard.press('ArrowLeft');
  await expect(panel.getByTestId('slide-count')).toHaveText('4 / 7');

  await panel.getByRole('button', { name: 'Reset' }).click();
  await expect(panel.getByTestId('slide-count')).toHaveText('1 / 7');
  await expect(page.getByTestId('comparison')).toHaveCount(0);
  await expect(page.getByTestId('lab-clock')).toHaveText('Lab clock +0 min');

  // A link opens the guide at its slide, and carries nothing else.
  await page.goto('/?present=stolen&step=3');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('region', { name: 'Presenter' }).getByTestId('slide-count')).toHaveText('3 / 8');
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-presenter', 'on');
  await expect(page).toHaveURL(/\/$/);
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
