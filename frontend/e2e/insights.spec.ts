import { expect, type Download, type Locator, type Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { forThisFile, startDemo } from './server';

// The demo with a past: two thousand invitations of the last year and a half, with hires and archives.
const demo = forThisFile(() => startDemo('--history', '2000', '--pace', '3'));

/** The text of a downloaded file. */
async function text(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

/** The rows of a table as text, heading row first. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
  );
}

/** Opens Insights from the navigation, as a recruiter does. */
async function openInsights(page: Page) {
  await page.goto(`${demo().url}/#/dashboard`);
  await page.getByTestId('nav-insights').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
}

/** A day, n days before today (UTC), as YYYY-MM-DD. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A YYYY-MM-DD day as the screen says it ("9 Aug 2026"). */
const said = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

test('the funnel follows the period and the assessment, and its numbers are one click away, as a table and as CSV', async ({ page }) => {
  await openInsights(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  // A period long past, which the demo's live candidates do not change.
  await page.getByTestId('insights-period').getByText('Custom').click();
  await page.getByLabel('From', { exact: true }).fill(daysAgo(180));
  await page.getByLabel('To', { exact: true }).fill(daysAgo(120));
  const funnel = page.getByTestId('insights-funnel');
  // The chart of the chosen period (the one before stays on screen until it is drawn).
  const chart = funnel.getByRole('img', { name: new RegExp(`^Funnel from ${said(daysAgo(180))} to ${said(daysAgo(120))}: [\\d,]+ invited`) });
  await expect(page).toHaveURL(new RegExp(`period=custom&from=${daysAgo(180)}&to=${daysAgo(120)}`));

  await expect(chart).toBeVisible();
  await funnel.getByRole('button', { name: 'Numbers: Funnel' }).click();
  const table = funnel.getByRole('table');
  await expect(table).toBeVisible();
  await expect(chart).toHaveCount(0);
  const past = await rows(table);
  expect(past[0]).toEqual(['Step', 'Candidates', 'Previous period', 'Conversion (%)', 'Previous conversion (%)', 'Change (points)']);
  expect(past.slice(1).map((r) => r[0])).toEqual(['Invited', 'Started', 'Submitted', 'Passed']);
  expect(Number(past[1][1])).toBeGreaterThan(0);

  // The CSV is the table, line for line.
  const [file] = await Promise.all([page.waitForEvent('download'), funnel.getByRole('button', { name: 'CSV: Funnel' }).click()]);
  expect(file.suggestedFilename()).toBe(`funnel-${daysAgo(180)}-${daysAgo(120)}.csv`);
  const lines = (await text(file)).replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0]).toBe('Step,Candidates,Previous period,Conversion (%),Previous conversion (%),Change (points)');
  expect(lines.slice(1, 5).map((l) => l.split(','))).toEqual(past.slice(1).map((r) => r.map((c) => (c === '–' ? '' : c))));
  expect(lines[5]).toBe('');

  // A shorter period has fewer invitations; the table follows.
  await page.getByTestId('insights-period').getByText('12 months').click();
  await expect(page).toHaveURL(/#\/insights\?period=12m$/);
  await expect.poll(async () => (await rows(table))[1][1]).not.toBe(past[1][1]);
  const year = Number((await rows(table))[1][1]);
  await page.getByTestId('insights-period').getByText('30 days').click();
  await expect.poll(async () => Number((await rows(table))[1][1])).toBeLessThan(year);
  const month = Number((await rows(table))[1][1]);

  // One assessment of several: fewer still, and its cut drawn on the scores.
  await page.getByLabel('Assessment', { exact: true }).click();
  await page.getByRole('option', { name: 'Backend Challenge' }).click();
  await expect.poll(async () => Number((await rows(table))[1][1])).toBeLessThan(month);
  await expect(page.getByTestId('insights-scores').getByRole('img', { name: /cut at 70/ })).toBeVisible();
  await expect(page.getByTestId('insights-scores').locator('text').filter({ hasText: 'Cut 70' })).toBeVisible();

  await funnel.getByRole('button', { name: 'Numbers: Funnel' }).click();
  await expect(funnel.getByRole('img', { name: /^Funnel from .*: [\d,]+ invited/ })).toBeVisible();
});

test('the times, scores, challenges and calibration are drawn with their marks and sample sizes', async ({ page }) => {
  await openInsights(page);
  const start = page.getByTestId('insights-time-to-start');
  await expect(start.getByRole('img', { name: /^Time to start of [\d,]+ candidates: median .+, 90th percentile .+\.$/ })).toBeVisible();
  await expect(start.locator('text').filter({ hasText: /^Median / })).toBeVisible();
  await expect(start.locator('text').filter({ hasText: /^90th percentile / })).toBeVisible();
  await expect(page.getByTestId('insights-challenge-drops').getByRole('img', { name: /drop at/ })).toBeVisible();
  const calibration = page.getByTestId('insights-calibration');
  await expect(calibration.getByTestId('calibration-verdict')).not.toBeEmpty();
  await expect(calibration.getByTestId('calibration-sizes')).toContainText(/Hired \(n = \d+\)/);
});

test('the candidates who have not started can all be sent their invitation again, after a confirmation', async ({ page }) => {
  await openInsights(page);
  const stalling = page.getByTestId('insights-stalling');
  const first = stalling.getByTestId('stalling-row').first();
  await expect(first).toBeVisible();
  await expect(first.getByRole('link', { name: /among the candidates$/ })).toHaveAttribute('href', /^#\/dashboard\?q=/);

  // A longer wait: fewer of them.
  const total = async () => Number((await stalling.getByTestId('stalling-total').textContent())?.replace(/\D/g, ''));
  const before = await total();
  await stalling.getByRole('textbox', { name: 'Waiting more than (days)' }).fill('60');
  await expect.poll(total).toBeLessThan(before);

  const count = await stalling.getByTestId('stalling-row').count();
  const label = `Resend to these ${count} ${count === 1 ? 'candidate' : 'candidates'}`;
  await stalling.getByRole('button', { name: label }).click();
  const dialog = page.getByRole('dialog', { name: /^Resend the invitation e-mail to \d+ candidates?$/ });
  await expect(dialog).toContainText('One click sends each candidate one e-mail, never two.');
  await dialog.getByRole('button', { name: label }).click();
  await expect(page.getByText(/on the way/).first()).toBeVisible();
  await expect(dialog).toBeHidden();
});

test("the candidates' list downloads as CSV with the dashboard's filters", async ({ page }) => {
  // A posting of the past only (Platform Engineer): the demo's live candidates apply to others, so
  // no one is added to this list between the download and reading its total.
  await page.goto(`${demo().url}/#/dashboard?status=submitted&posting=demo-post-platform&sort=name`);
  await expect(page.getByTestId('invitation-row').first()).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  const lines = (await text(file)).replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const heading = lines[0].split(',');
  const status = heading.indexOf('Status');
  expect(status).toBeGreaterThanOrEqual(0);
  const total = Number((await page.getByTestId('invitation-total').textContent())?.match(/of ([\d,]+)/)?.[1].replace(/,/g, ''));
  expect(total).toBeGreaterThan(0);
  expect(lines.length - 1).toBe(total);
  // Every row is a submitted one (no field before Status holds a comma in the demo's data).
  expect(new Set(lines.slice(1).map((l) => l.split(',')[status]))).toEqual(new Set(['submitted']));
});

/**
 * Every text on the Insights screen whose contrast with what is behind it is under 4.5:1 (WCAG
 * AA), the charts' SVG texts included: "ratio colour" → the text.
 */
function lowContrast(page: Page): Promise<[string, string][]> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba | null => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
    };
    const lum = ({ r, g, b }: Rgba) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el: Element): Rgba => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.9) return c;
      }
      return parse(getComputedStyle(document.body).backgroundColor)!;
    };
    const low = new Map<string, string>();
    const root = document.querySelector('[data-testid="insights-page"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      const el = text.parentElement;
      if (!el || !text.textContent?.trim()) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      const colour = el instanceof SVGElement ? style.fill : style.color;
      const fg = parse(colour);
      if (!fg) continue;
      const [a, b] = [lum(fg), lum(behind(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) low.set(`${ratio.toFixed(2)} ${colour}`, text.textContent.trim().slice(0, 40));
    }
    return [...low.entries()];
  });
}

test('every text on Insights, the charts’ included, has AA contrast in light and in dark', async ({ page }) => {
  await page.goto(`${demo().url}/#/insights`);
  // One assessment: its cut is drawn too.
  await page.getByLabel('Assessment', { exact: true }).click();
  await page.getByRole('option', { name: 'Backend Challenge' }).click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.evaluate((s) => localStorage.setItem('mantine-color-scheme-value', s), scheme);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expect(page.getByTestId('insights-scores').locator('text').filter({ hasText: 'Cut 70' })).toBeVisible();
    await expect(page.getByTestId('insights-time-to-start').locator('text').filter({ hasText: /^Median / })).toBeVisible();
    // Every chart drawn (they take turns, one per frame).
    await expect
      .poll(() => page.getByTestId('chart').evaluateAll((charts) => charts.every((c) => c.querySelector('svg.recharts-surface'))))
      .toBe(true);
    expect(await lowContrast(page), `${scheme}, charts`).toEqual([]);
    const toggles = page.getByRole('button', { name: /^Numbers: / });
    for (const toggle of await toggles.all()) await toggle.click();
    await expect(page.getByRole('button', { name: /^Numbers: /, pressed: true })).toHaveCount(await toggles.count());
    expect(await lowContrast(page), `${scheme}, numbers`).toEqual([]);
  }
});
