import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { collectConsoleErrors, openHydrated } from './helpers';

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

// The presenter's key is in the data directory the test servers share (playwright.config.ts).
const presenterKey = () => readFileSync('../target/e2e-data/secrets/presenter.key', 'utf8');

test('follow me: the presenter steps, an attendee steps along in their own lab, the room counts it', async ({
  browser,
}) => {
  const [presenting, attending] = [await browser.newContext(), await browser.newContext()];
  const [room, stage, attendee] = [
    await presenting.newPage(),
    await presenting.newPage(),
    await attending.newPage(),
  ];
  const errors = [...collectConsoleErrors(stage), ...collectConsoleErrors(attendee)];

  // Without the key the room is closed; the printed link opens it.
  await room.goto('/room');
  await expect(room.getByRole('heading')).toHaveText("The room is the presenter's");
  await room.goto(`/room?key=${presenterKey()}`);
  await expect(room).toHaveURL(/\/room$/);
  await expect(room.getByRole('heading')).toHaveText('The room');

  // The presenter's page opens the first guide; the attendee just opens the page.
  await stage.goto('/?present=logout&step=1');
  await expect(stage.locator('html')).toHaveAttribute('data-hydrated', 'true');
  const stagePanel = stage.getByRole('region', { name: 'Presenter' });
  // Other tests' visitors are in this room too: counts are checked by shape, the attendee by row.
  await expect(stagePanel.getByTestId('room-line')).toHaveText(/\d+ of \d+ saw the JWT replay succeed after logout/);
  await openHydrated(attendee);
  await expect(attendee.getByRole('region', { name: 'Presenter' })).toHaveCount(0);

  await room.getByTestId('follow-me').click();
  await expect(room.getByTestId('follow-me')).toContainText('Follow me: on');
  const panel = attendee.getByRole('region', { name: 'Presenter' });
  await expect(panel.getByTestId('slide-count')).toHaveText('1 / 7');

  // log in · steal · log out · replay: each step runs in the attendee's own lab too.
  for (const [count, step] of [
    ['2 / 7', 'log in'],
    ['3 / 7', 'steal'],
    ['4 / 7', 'log out'],
    ['5 / 7', 'replay the stolen copy'],
  ]) {
    await stage.keyboard.press('ArrowRight');
    await expect(stagePanel.getByTestId('slide-count')).toHaveText(count);
    await expect(panel.getByTestId('slide-count')).toHaveText(count);
    for (const page of [stage, attendee]) {
      await expect(page.getByTestId('comparison').locator(`tr[data-step="${step}"]`)).toBeVisible();
    }
  }
  const replay = attendee.getByTestId('comparison').locator('tr[data-step="replay the stolen copy"] td');
  await expect(replay.nth(0)).toContainText('401 refused');
  await expect(replay.nth(1)).toContainText('200 accepted');

  // The room read it off the attendee's own requests: the row named by a hash of their lab id.
  const labId = (await attending.cookies()).find((c) => c.name === 'authlab_lab')!.value;
  const name = createHash('blake2b512').update(labId).digest('hex').slice(0, 6);
  await room.reload();
  const row = room.locator('tr', { has: room.locator('code', { hasText: name }) });
  await expect(row).toContainText('open');
  await expect(row).toContainText('Why logout is different · slide 5 of 7');
  await expect(row).toContainText('401 refused');
  await expect(row).toContainText('200 accepted');
  await expect(room.getByTestId('room-summary')).toContainText(/[1-9]\d* of \d+ saw the JWT replay succeed after logout/);
  await expect(room.getByTestId('room-counts')).toContainText(/[1-9]\d* attendees connected/);
  expect(errors).toEqual([]);
  await presenting.close();
  await attending.close();
});
