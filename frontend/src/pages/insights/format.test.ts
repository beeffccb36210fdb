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
    expect(barHolding(bars, null)).toBeNull();
    expect(barHolding([], 5)).toBeNull();
  });
});
