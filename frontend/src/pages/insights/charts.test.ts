import { describe, expect, it } from 'vitest';
import { valueTicks } from './charts';

describe('valueTicks', () => {
  it('steps from 0 past the top by a round step, whole numbers unless asked', () => {
    expect(valueTicks(100, true)).toEqual([0, 25, 50, 75, 100]);
    expect(valueTicks(1389, false)).toEqual([0, 500, 1000, 1500]);
    expect(valueTicks(203, false)).toEqual([0, 100, 200, 300]);
    expect(valueTicks(7, false)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(3, false)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(0.6, true)).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('draws an empty chart from 0 to 1', () => {
    expect(valueTicks(0, false)).toEqual([0, 1]);
  });
});
