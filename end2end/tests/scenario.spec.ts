import { test, expect, type Page } from '@playwright/test';
import { collectConsoleErrors, jwtColumn, openHydrated, sessionColumn } from './helpers';

const row = (page: Page, step: string) =>
  page.getByTestId('comparison').locator(`tr[data-step="${step}"]`);

async function expectRow(page: Page, step: string, session: RegExp, jwt: RegExp) {
  const cells = row(page, step).locator('td');
  await expect(cells.nth(0)).toContainText(session);
  await expect(cells.nth(1)).toContainText(jwt);
}

test('the scenario bar runs every step on both schemes and fills the comparison', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByRole('button', { name: 'Run the scenario on both' }).click();
  await expect(row(page, 'rotate the key, then replay')).toBeVisible({ timeout: 20_000 });

  await expectRow(page, 'log in', /200 accepted/, /200 accepted/);
  await expectRow(page, 'who am I', /200 accepted.*session-store lookup: hit/, /200 accepted.*signature/);
  await expectRow(page, 'log out', /200 accepted/, /200 accepted.*access token is untouched/);
  // The lesson: after logout the stolen cookie is dead, the stolen JWT is not...
  await expectRow(page, 'replay the stolen copy', /401 refused.*session-store lookup/, /200 accepted/);
  await expectRow(page, 'revoke, then replay', /—/, /401 refused.*denylist/);
  // ...until the clock passes exp.
  await expectRow(page, 'let it expire (+6 min), then replay', /401 refused/, /401 refused.*exp \/ nbf/);
  await expectRow(page, 'refresh', /—/, /401 refused.*revoked \(logout\)/);
  await expectRow(page, 'tamper: role → admin', /—/, /401 refused.*signature/);
  await expectRow(page, 'alg: none', /—/, /401 refused.*header: alg "none"/);
  await expectRow(page, 'rotate the key, then replay', /—/, /401 refused.*kid/);

  // The lab clock shows it moved; the traces show the attacker's requests and the refusals.
  await expect(page.getByTestId('lab-clock')).toHaveText('Lab clock +6 min');
  await expect(sessionColumn(page).getByTestId('session-trace')).toContainText('attacker');
  await expect(jwtColumn(page).getByTestId('jwt-trace')).toContainText('401 GET /api/jwt/me');
  await expect(jwtColumn(page).getByTestId('jwt-trace')).toContainText('is not the current key');

  await page.getByRole('button', { name: 'Reset the lab' }).click();
  await expect(page.getByTestId('lab-clock')).toHaveText('Lab clock +0 min');
  // Chromium logs each 401 the scenario asked for; nothing else may appear.
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});

test('on swapped carriers the scenario tells the same story: the state model decides what logout does to a copy', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  await page.getByTestId('scenario-session-carrier').click();
  await page.getByTestId('scenario-jwt-carrier').click();
  await expect(page.getByTestId('scenario-session-carrier')).toHaveText('session id: X-Session-Id header');
  await expect(page.getByTestId('scenario-jwt-carrier')).toHaveText('JWT: HttpOnly cookie');
  // The columns follow the bar: they are the same switches.
  await expect(sessionColumn(page).locator('#session-carrier-header')).toBeChecked();
  await expect(jwtColumn(page).locator('#jwt-carrier-cookie')).toBeChecked();

  await page.getByRole('button', { name: 'Run the scenario on both' }).click();
  await expect(row(page, 'rotate the key, then replay')).toBeVisible({ timeout: 20_000 });
  await expectRow(page, 'log in', /200 accepted.*X-Session-Id/, /200 accepted.*HttpOnly cookies/);
  await expectRow(page, 'who am I', /200 accepted.*session-store lookup: hit/, /200 accepted.*signature/);
  await expectRow(page, 'steal', /X-Session-Id copied/, /JWT cookie copied/);
  // Whatever carried them: the record's copy dies at logout, the signed token's does not...
  await expectRow(page, 'replay the stolen copy', /401 refused.*session-store lookup/, /200 accepted/);
  await expectRow(page, 'revoke, then replay', /—/, /—.*logout took the cookie/);
  // ...until exp, on the lab clock.
  await expectRow(page, 'let it expire (+6 min), then replay', /401 refused/, /401 refused.*exp \/ nbf/);
  await expectRow(page, 'refresh', /—/, /401 refused/);
  await expectRow(page, 'tamper: role → admin', /—/, /—.*cannot read a cookie-carried token/);
  await expectRow(page, 'rotate the key, then replay', /—/, /401 refused.*kid/);
  // The run left no JWT cookie behind, and no id where the column keeps its own.
  expect((await context.cookies()).some((c) => c.name === 'authlab_jwt')).toBe(false);
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});

test('steal and replay from a column: the session copy dies at logout, the JWT copy does not', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await openHydrated(page);
  const session = sessionColumn(page);
  await session.getByRole('button', { name: 'Fill in alice' }).click();
  await session.getByRole('button', { name: 'Log in (Cookie session)' }).click();
  await session.getByRole('button', { name: 'Steal the session cookie' }).click();
  await expect(session.getByTestId('session-stolen')).toContainText('The attacker holds a copy');
  await session.getByRole('button', { name: 'Replay as attacker' }).click();
  await expect(session.getByTestId('replay-outcome')).toContainText('200 accepted');
  await session.getByRole('button', { name: 'Log out', exact: true }).click();
  await session.getByRole('button', { name: 'Replay as attacker' }).click();
  await expect(session.getByTestId('replay-outcome')).toContainText('401 refused — session-store lookup');

  const jwt = jwtColumn(page);
  await jwt.getByRole('button', { name: 'Fill in alice' }).click();
  await jwt.getByRole('button', { name: 'Log in (JWT)' }).click();
  await jwt.getByRole('button', { name: 'Steal the access token' }).click();
  await jwt.getByRole('button', { name: 'Log out', exact: true }).click();
  await jwt.getByRole('button', { name: 'Replay as attacker' }).click();
  await expect(jwt.getByTestId('replay-outcome')).toContainText('200 accepted');

  // Resetting the lab forgets the copies, on the server and in the page.
  await page.getByRole('button', { name: 'Reset the lab' }).click();
  await expect(jwt.getByTestId('jwt-stolen')).not.toContainText('The attacker holds a copy');
  await expect(jwt.getByRole('button', { name: 'Replay as attacker' })).toBeDisabled();
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});
