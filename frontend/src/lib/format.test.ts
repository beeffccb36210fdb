import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatCount, formatDuration, formatRelative, formatScore, percent, prepareFormatters } from './format';

const now = new Date('2026-11-25T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('formatRelative', () => {
  it.each([
    [10, 'just now'],
    [60, '1 min ago'],
    [5 * 60, '5 min ago'],
    [59 * 60, '59 min ago'],
    [3 * 3600 + 1200, '3 hr ago'],
    [3600, '1 hr ago'],
    [30 * 3600, 'yesterday'],
    [4 * 86400 + 100, '4 days ago'],
  ])('%i seconds ago reads "%s"', (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });

  it('shows a date for anything older than a month', () => {
    expect(formatRelative('2026-01-02T10:00:00Z', now)).toMatch(/2026/);
  });

  it('treats small clock skew as now and missing or bad times as a dash', () => {
    expect(formatRelative(ago(-20), now)).toBe('just now');
    expect(formatRelative(null, now)).toBe('—');
    expect(formatRelative('not a time', now)).toBe('—');
  });
});

describe('formatAbsolute', () => {
  it('includes the year and is empty without a time', () => {
    expect(formatAbsolute('2026-11-25T12:00:00Z')).toMatch(/2026/);
    expect(formatAbsolute(null)).toBe('');
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45s'],
    [12 * 60 + 5, '12m'],
    [3900, '1h 05m'],
    [2 * 86400 + 3 * 3600 + 60, '2d 3h'],
  ])('%i seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('is a dash without a duration', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatScore', () => {
  it('keeps one decimal only when there is one', () => {
    expect(formatScore(82.5)).toBe('82.5%');
    expect(formatScore(90)).toBe('90%');
    expect(formatScore(66.666)).toBe('66.7%');
    expect(formatScore(0)).toBe('0%');
    expect(formatScore(null)).toBe('—');
  });
});

describe('percent', () => {
  it('is a whole share and 0 of nothing', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
  });
});

describe('prepareFormatters', () => {
  it('makes the formatters once; formatting is unchanged after it', () => {
    const before = [formatCount(1234567), formatAbsolute('2026-03-04T05:06:07Z')];
    prepareFormatters();
    prepareFormatters();
    expect([formatCount(1234567), formatAbsolute('2026-03-04T05:06:07Z')]).toEqual(before);
  });
});
