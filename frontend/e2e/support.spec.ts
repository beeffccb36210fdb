import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

// The demo's simulated accounts' keys and its Lever login's client secret
// (app/demo.go, levertest, qualifiedtest): secrets the file must not hold.
const DEMO_SECRETS = ['lever-test-key', 'qualified-test-key', 'lever-test-secret'];

const bin = process.env.ASSESSBRIDGE_BIN ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/assessbridge');

const demo = forThisFile(() => startDemo('--pace', '4'));

test('Settings → About shows the version the binary prints, and saves a diagnostics file without a secret', async ({ page }) => {
  // "assessbridge 0.9.0 (commit 1a2b3c4d5e6f) linux/amd64 go1.26.0", as `make server` stamps it.
  const printed = execFileSync(bin, ['version'], { encoding: 'utf8' }).trim();
  const m = /^assessbridge (\S+)(?: \(commit ([^,)]+)(, modified)?\))? /.exec(printed);
  expect(m, `assessbridge version printed ${printed}`).not.toBeNull();
  const [, version, commit, modified] = m!;

  // Something to report: the first candidates invited.
  await page.goto(`${demo().url}/#/dashboard`);
  await expect(page.getByTestId('invitation-row').first()).toBeVisible({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const about = page.getByRole('region', { name: 'About' });
  await about.scrollIntoViewIfNeeded();
  const shown = commit ? `${version} (commit ${commit}${modified ? ', with changes' : ''})` : version;
  await expect(about.getByTestId('about-version')).toHaveText(shown);
  await expect(about.getByTestId('about-system')).toContainText(/Linux|macOS|Windows/);
  // In a browser the data folder may be on another machine: its path is shown, nothing opens it.
  await expect(about.getByRole('button', { name: 'Open data folder' })).toHaveCount(0);

  const screenshot = process.env.SETTINGS_ABOUT_SCREENSHOT ?? test.info().outputPath('settings-about.png');
  await page.screenshot({ path: screenshot });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    about.getByRole('link', { name: 'Save a diagnostics file' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^assessbridge-diagnostics-\d{8}-\d{4}\.txt$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain(printed);
  expect(text).toContain('Activity of the last 24 hours');
  expect(text).toMatch(/Invited .+ <[^>]+> to /);
  for (const secret of DEMO_SECRETS) expect(text, `the diagnostics file holds ${secret}`).not.toContain(secret);
});
