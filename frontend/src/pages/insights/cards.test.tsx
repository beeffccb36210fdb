import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CalibrationCard } from './CalibrationCard';
import { ChallengeCards } from './ChallengeCards';
import { calibration, challenges, chartsMeasured, funnel, scores, timing, tooFewHires } from './fixtures';
import { FunnelCard } from './FunnelCard';
import { ScoreDistributionCard, WeeklyPassRateCard } from './ScoreCards';
import { TimingCards } from './TimingCards';

/** The table's rows as text, heading row first. */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? ''));
}

/** Catches the file a CSV button offers: its name and its text. */
function catchDownloads() {
  const files: { name: string; text: Promise<string> }[] = [];
  let blob: Blob | undefined;
  vi.stubGlobal('URL', Object.assign(URL, {
    createObjectURL: (b: Blob) => {
      blob = b;
      return 'blob:csv';
    },
    revokeObjectURL: () => {},
  }));
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const read = blob!;
    files.push({
      name: this.download,
      text: new Promise((resolve) => {
        const reader = new FileReader();
        // Decoded keeping the byte-order mark, to see it is there.
        reader.onload = () => resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
        reader.readAsArrayBuffer(read);
      }),
    });
  });
  return { files, restore: () => click.mockRestore() };
}

beforeEach(() => chartsMeasured());
afterEach(() => vi.restoreAllMocks());

describe('FunnelCard', () => {
  it('names the chart by its summary, and its Numbers show the funnel as a table', async () => {
    renderWithProviders(<FunnelCard funnel={funnel} />);
    expect(
      screen.getByRole('img', {
        name: 'Funnel from 8 Sept 2026 to 6 Dec 2026: 40 invited, 30 started (75%), 24 submitted (80%), 12 passed (50%).',
      }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Numbers: Funnel' }));
    expect(screen.getByRole('button', { name: 'Numbers: Funnel' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByRole('img')).toBeNull();
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Step', 'Candidates', 'Previous period', 'Conversion (%)', 'Previous conversion (%)', 'Change (points)'],
      ['Invited', '40', '30', '–', '–', '–'],
      ['Started', '30', '18', '75', '60', '15'],
      ['Submitted', '24', '15', '80', '83.3', '-3.3'],
      ['Passed', '12', '6', '50', '40', '10'],
    ]);
  });

  it('says each conversion’s move in points, coloured by its direction, and in words', () => {
    renderWithProviders(<FunnelCard funnel={funnel} />);
    const started = screen.getByTestId('conversion-started');
    expect(started).toHaveTextContent('↑ 15 pts');
    expect(started).toHaveTextContent('up 15 points from 60% in the previous period');
    expect(within(started).getByTestId('moved').className).toMatch(/up/);
    const submitted = screen.getByTestId('conversion-submitted');
    expect(submitted).toHaveTextContent('↓ 3.3 pts');
    expect(submitted).toHaveTextContent('down 3.3 points from 83.3% in the previous period');
    expect(within(submitted).getByTestId('moved').className).toMatch(/down/);
    expect(screen.getByTestId('completion-rate')).toHaveTextContent('60%');
    expect(screen.getByTestId('completion-rate')).toHaveTextContent('up 10 points from 50% in the previous period');
  });

  it('downloads the same figures as CSV', async () => {
    const { files, restore } = catchDownloads();
    renderWithProviders(<FunnelCard funnel={funnel} />);
    await userEvent.click(screen.getByRole('button', { name: 'CSV: Funnel' }));
    restore();
    expect(files).toHaveLength(1);
    expect(files[0].name).toBe('funnel-2026-09-08-2026-12-06.csv');
    expect(await files[0].text).toBe(
      '\uFEFFStep,Candidates,Previous period,Conversion (%),Previous conversion (%),Change (points)\r\n' +
        'Invited,40,30,,,\r\n' +
        'Started,30,18,75,60,15\r\n' +
        'Submitted,24,15,80,83.3,-3.3\r\n' +
        'Passed,12,6,50,40,10\r\n',
    );
  });
});

describe('TimingCards', () => {
  it('marks the median and the 90th percentile, and says when there is no one yet', async () => {
    renderWithProviders(<TimingCards timing={timing} />);
    expect(screen.getByTestId('time-to-start-marks')).toHaveTextContent('Median 20 h · 90th percentile 8.3 days (30 candidates)');
    const chart = screen.getByRole('img', { name: 'Time to start of 30 candidates: median 20 h, 90th percentile 8.3 days.' });
    expect(await within(chart).findByText('Median 20 h')).toBeInTheDocument();
    expect(within(chart).getByText('90th percentile 8.3 days')).toBeInTheDocument();
    expect(within(screen.getByTestId('insights-time-to-submit')).getByText('No candidate in this period yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Numbers: Time to start' }));
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Time', 'From (hours)', 'To (hours)', 'Candidates'],
      ['< 1 day', '0', '24', '16'],
      ['1–3 days', '24', '72', '9'],
      ['3–7 days', '72', '168', '3'],
      ['7 days or more', '168', '–', '2'],
    ]);
  });
});

describe('scores', () => {
  it('names the cut of the chosen assessment, and lists the bars with those who passed', async () => {
    renderWithProviders(<ScoreDistributionCard scores={scores} />);
    const chart = screen.getByRole('img', { name: 'Scores of 24 submitted results: median 68, cut at 70.' });
    // The cut is drawn, labelled, on the chart itself.
    expect(await within(chart).findByText('Cut 70')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Numbers: Scores' }));
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Score', 'Candidates', 'Passed'],
      ['50–60', '4', '0'],
      ['60–70', '8', '0'],
      ['70–80', '8', '8'],
      ['80–90', '4', '4'],
    ]);
  });

  it('asks for one assessment when there is no single cut', () => {
    renderWithProviders(<ScoreDistributionCard scores={{ ...scores, cut: null }} />);
    expect(screen.getByText(/choose one assessment to see its cut/)).toBeInTheDocument();
  });

  it('gives the pass rate of each week, a week without submissions left empty', async () => {
    renderWithProviders(<WeeklyPassRateCard scores={scores} />);
    await userEvent.click(screen.getByRole('button', { name: 'Numbers: Pass rate per week' }));
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Week from', 'Submitted', 'Passed', 'Pass rate (%)'],
      ['2026-11-23', '4', '2', '50'],
      ['2026-11-30', '0', '0', '–'],
    ]);
  });
});

describe('ChallengeCards', () => {
  it('shows the average per challenge and where candidates drop, and quotes a title with a comma in the CSV', async () => {
    const { files, restore } = catchDownloads();
    renderWithProviders(<ChallengeCards challenges={challenges} />);
    expect(
      screen.getByRole('img', { name: 'Most candidates drop at Cache, "LRU": 9 left it blank, 3 stopped there.' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'CSV: Where candidates drop' }));
    restore();
    expect(await files[0].text).toBe(
      '\uFEFFChallenge,Submitted,Blank,Stopped here\r\nRate limiter,24,1,0\r\n"Cache, ""LRU""",24,9,3\r\n',
    );
  });
});

describe('CalibrationCard', () => {
  it('shows both groups with their sizes and the verdict, and their shares per score', async () => {
    renderWithProviders(<CalibrationCard calibration={calibration} />);
    expect(screen.getByTestId('calibration-verdict')).toHaveTextContent('Hired candidates scored 23 points higher at the median.');
    expect(screen.getByTestId('calibration-sizes')).toHaveTextContent('Hired (n = 4): median 85, passed 100%');
    expect(screen.getByTestId('calibration-sizes')).toHaveTextContent('Not hired (n = 10): median 62, passed 20%');
    await userEvent.click(screen.getByRole('button', { name: 'Numbers: Calibration' }));
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Score', 'Hired (n = 4) (%)', 'Hired (candidates)', 'Not hired (n = 10) (%)', 'Not hired (candidates)'],
      ['70–80', '25', '1', '80', '8'],
      ['80–90', '75', '3', '20', '2'],
    ]);
  });

  it('with too few hires, says only the verdict: no chart, no figures to read a claim into', () => {
    renderWithProviders(<CalibrationCard calibration={tooFewHires} />);
    expect(screen.getByTestId('calibration-verdict')).toHaveTextContent(tooFewHires.verdict);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('button', { name: /Numbers/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /CSV/ })).toBeNull();
    expect(screen.queryByTestId('calibration-sizes')).toBeNull();
  });
});
