import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { forThisFile, startServe } from './server';

const running = forThisFile(startServe);

test('serve asks for the admin token kept in its data folder, and Log out ends the session', async ({ page }) => {
  const serve = running();
  // Nothing without the login: the page goes to the form, the API answers 401.
  await page.goto(serve.url);
  await expect(page).toHaveURL(`${serve.url}/login`);
  expect((await page.request.get(`${serve.url}/api/invitations`)).status()).toBe(401);

  await page.getByLabel('Admin token').fill('not-the-token-not-the-token-not-the-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-problem')).toBeVisible();

  // The token, read from the file as the recruiter would, lets them in.
  const token = readFileSync(join(serve.dataDir, 'admin-token'), 'utf8').trim();
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  // Nothing is set up yet in this serve: a first start opens on Setup.
  await expect(page.getByRole('heading', { name: 'Setup', exact: true })).toBeVisible();
  await expect(page).toHaveURL(`${serve.url}/#/setup`);
  expect(serve.log()).not.toContain(token);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${serve.url}/login`);
  expect((await page.request.get(`${serve.url}/api/invitations`)).status()).toBe(401);
});
