import { expect, type Page, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

/** The dashboard row of a candidate's invitation to one assessment. */
const row = (page: Page, name: string, title: string) =>
  page.getByTestId('invitation-row').filter({ hasText: name }).filter({ hasText: title });

test("resending one candidate's invitation is confirmed first, done once, and written in the activity log", async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  // Grace Hopper never opens her invitation to the Frontend Challenge, which has a deadline rule in the demo.
  const grace = row(page, 'Grace Hopper', 'Frontend Challenge');
  await expect(grace).toHaveAttribute('data-status', 'invited', { timeout: 60_000 });
  await expect(grace.getByText(/^due /)).toBeVisible({ timeout: 30_000 });
  await grace.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
  await page.getByRole('menuitem', { name: /Resend invitation e-mail/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Resend the invitation e-mail' });
  await expect(dialog).toContainText('Grace Hopper');
  await expect(dialog).toContainText('One click sends one e-mail, never two.');
  await dialog.getByRole('button', { name: 'Resend the invitation e-mail' }).click();
  await expect(grace.getByRole('status')).toContainText('on its way');

  await page.goto(`${demo().url}/#/activity`);
  await expect(page.getByTestId('activity-row').filter({ hasText: /Sent Grace Hopper .* the invitation to Frontend Challenge again/ })).toHaveCount(1, {
    timeout: 60_000,
  });
});

test('"Extend the deadline…" says why it cannot be done, and an expired invitation can be sent again with a new deadline', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  const sophie = row(page, 'Sophie Wilson', 'Frontend Challenge');
  await expect(sophie).toHaveAttribute('data-status', 'invited', { timeout: 60_000 });
  await sophie.getByRole('button', { name: 'Actions for Sophie Wilson' }).click();
  await page.getByRole('menuitem', { name: /Extend the deadline/ }).click();
  const why = page.getByRole('dialog', { name: 'Extend the deadline' });
  await expect(why).toContainText("Qualified's API cannot change the deadline of an invitation it has already sent");
  await expect(why).toContainText('"Invite again" gives Sophie Wilson a second go with a new deadline');
  await why.getByRole('button', { name: 'Close', exact: true }).click();

  // Barbara Liskov lets her invitation run out in the demo: expired, and invited again only when asked.
  const barbara = row(page, 'Barbara Liskov', 'Frontend Challenge');
  await expect(barbara).toHaveAttribute('data-status', 'expired', { timeout: 90_000 });
  await barbara.getByRole('button', { name: 'Actions for Barbara Liskov' }).click();
  await expect(page.getByRole('menuitem', { name: /Extend the deadline/ })).toHaveCount(0);
  await page.getByRole('menuitem', { name: /Invite again/ }).click();
  const again = page.getByRole('dialog', { name: 'Invite again' });
  await expect(again.getByLabel(/New deadline, in days/)).toBeVisible();
  await expect(again).toContainText('due in 7 days');
  await again.getByRole('button', { name: "Don't" }).click();
  await expect(barbara).toHaveAttribute('data-status', 'expired');
});

test('two chosen candidates get their invitations again with one confirm', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  const donald = row(page, 'Donald Knuth', 'Backend Challenge');
  const carol = row(page, 'Carol Shaw', 'Backend Challenge');
  await expect(donald).toHaveAttribute('data-status', 'invited', { timeout: 90_000 });
  await expect(carol).toHaveAttribute('data-status', 'invited', { timeout: 90_000 });
  await donald.getByRole('checkbox', { name: 'Choose Donald Knuth (Backend Challenge)' }).check();
  await carol.getByRole('checkbox', { name: 'Choose Carol Shaw (Backend Challenge)' }).check();
  const bar = page.getByRole('region', { name: 'Chosen candidates' });
  await expect(bar).toContainText('2 candidates chosen');
  await bar.getByRole('button', { name: 'Resend invitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resend the invitation e-mail to 2 candidates' });
  await expect(dialog).toContainText('Donald Knuth (Backend Challenge)');
  await expect(dialog).toContainText('Carol Shaw (Backend Challenge)');
  await expect(dialog).toContainText('never two');
  await dialog.getByRole('button', { name: 'Resend the invitation e-mail to 2 candidates' }).click();
  await expect(page.getByText('Resend invitation: 2 candidates on the way')).toBeVisible();
  await expect(bar).toHaveCount(0);

  await page.goto(`${demo().url}/#/activity`);
  for (const name of ['Donald Knuth', 'Carol Shaw']) {
    await expect(page.getByTestId('activity-row').filter({ hasText: new RegExp(`Sent ${name} .* the invitation to Backend Challenge again`) })).toHaveCount(1, {
      timeout: 60_000,
    });
  }
});
