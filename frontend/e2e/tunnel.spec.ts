import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--setup', '--pace', '3'));

test('the public address card: connected, a failing tunnel with its reason, then an own address again', async ({ page }) => {
  await page.goto(`${demo().url}/#/setup`);
  const card = page.getByTestId('tunnel-card');
  await expect(card).toHaveAttribute('data-state', 'connected');
  await expect(card).toHaveAttribute('data-mode', 'own');
  const ownUrl = (await card.getByTestId('tunnel-url').textContent())!.trim();
  expect(ownUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('setup-step-publicUrl')).toHaveAttribute('data-done', 'true');

  // A quick tunnel whose service cannot be reached: the card says so.
  await card.getByRole('button', { name: 'Change how Lever reaches assessbridge' }).click();
  await card.getByRole('radio', { name: 'Quick tunnel (Cloudflare, no account)' }).check();
  await card.getByRole('button', { name: 'Use this' }).click();
  await expect(card).toHaveAttribute('data-state', 'failed');
  await expect(card.getByTestId('tunnel-error')).toContainText('could not be reached');
  await expect(page.getByTestId('setup-step-publicUrl')).toHaveAttribute('data-done', 'false');

  // Back to the address that reaches this machine.
  await card.getByRole('button', { name: 'Change how Lever reaches assessbridge' }).click();
  await card.getByRole('radio', { name: 'My own public address' }).check();
  await card.getByLabel('Public address', { exact: true }).fill(ownUrl);
  await card.getByRole('button', { name: 'Use this' }).click();
  await expect(card).toHaveAttribute('data-state', 'connected');
  await expect(card.getByTestId('tunnel-url')).toHaveText(ownUrl);
});
