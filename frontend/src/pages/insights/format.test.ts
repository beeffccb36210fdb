import { describe, expect, it } from 'vitest';
import { barHolding, duration, movedInWords, pointsMoved } from './format';

describe('the move against the previous period', () => {
  it.each([
    [0.75, 0.6, 15, 'up 15 points from 60% in the previous period'],
    [0.8, 0.8333333, -3.3, 'down 3.3 points from 83.3% in the previous period'],
    [0.51, 0.5, 1, 'up 1 point from 50% in the previous period'],
    [0.5, 0.5, 0, 'no change from the previous period (50%)'],
    [0.5, null, null, 'no figure to compare with in the previous period'],
    [null, 0.5, null, 'no figure to compare with in the previous period'],
  ])('%s against %s', (now, before, points, words) => {
    expect(pointsMoved(now, before)).toBe(points);
    expect(movedInWords(now, before)).toBe(words);
  });
});

describe('duration', () => {
  it.each([
    [null, '–'],
    [0.5, '30 min'],
    [20, '20 h'],
    [47.94, '47.9 h'],
    [100, '4.2 days'],
  ])('%s hours', (hours, said) => expect(duration(hours)).toBe(said));
});

describe('barHolding', () => {
  const bars = [
    { from: 0, to: 10, label: 'a' },
    { from: 10, to: 20, label: 'b' },
  ];
  it('finds the bar with from ≤ value < to, the last bar for its own end, none for nothing', () => {
    expect(barHolding(bars, 10)).toBe('b');
    expect(barHolding(bars, 9.9)).toBe('a');
    expect(barHolding(bars, 20)).toBe('b');
    expect(barHolding(bars, 25)).toBeNull();
    expect(barHolding(bars, null)).toBeNull();
    expect(barHolding([], 5)).toBeNull();
    expect(barHolding([{ from: 90, to: 100, label: '90–100' }], 100)).toBe('90–100');
    expect(barHolding([{ from: 90, to: 100, label: '90–100' }], 100.5)).toBeNull();
  });
  it('puts everything past the start of a bar with no end (To 0) in it', () => {
    const times = [
      { from: 72, to: 168, label: '3–7 days' },
      { from: 168, to: 0, label: '7 days or more' },
    ];
    expect(barHolding(times, 100)).toBe('3–7 days');
    expect(barHolding(times, 168)).toBe('7 days or more');
    expect(barHolding(times, 900)).toBe('7 days or more');
  });
});
