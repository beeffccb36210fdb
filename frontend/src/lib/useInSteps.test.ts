import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useInSteps } from './useInSteps';

const list = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: from + i }));
const idOf = (x: { id: number }) => x.id;

/** One frame and the task after it. */
async function nextFrame() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(20);
  });
}

describe('useInSteps', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] }));
  afterEach(() => vi.useRealTimers());

  it('draws a new list a step at a time, one step per frame, until it is whole', async () => {
    const first = list(0, 50);
    const { result, rerender } = renderHook(({ items }) => useInSteps(items, idOf, 12), { initialProps: { items: list(0, 0) } });
    expect(result.current).toEqual([]);
    rerender({ items: first });
    expect(result.current.map(idOf)).toEqual(list(0, 12).map(idOf));
    await nextFrame();
    expect(result.current).toHaveLength(24);
    await nextFrame();
    await nextFrame();
    await nextFrame();
    expect(result.current).toBe(first);
    await nextFrame();
    expect(result.current).toBe(first);
  });

  it('draws a list that is mostly the one on screen whole and at once', async () => {
    const first = list(0, 50);
    const { result, rerender } = renderHook(({ items }) => useInSteps(items, idOf, 12), { initialProps: { items: first } });
    expect(result.current).toBe(first);
    // A live update: two candidates new at the top, the rest moved down.
    const updated = [...list(100, 102), ...first.slice(0, 48)];
    rerender({ items: updated });
    expect(result.current).toBe(updated);
  });

  it('starts again from one step when another new list arrives half drawn', async () => {
    const { result, rerender } = renderHook(({ items }) => useInSteps(items, idOf, 12), { initialProps: { items: list(0, 0) } });
    rerender({ items: list(0, 50) });
    await nextFrame();
    expect(result.current).toHaveLength(24);
    const second = list(200, 250);
    rerender({ items: second });
    expect(result.current.map(idOf)).toEqual(list(200, 212).map(idOf));
    for (let i = 0; i < 4; i++) await nextFrame();
    expect(result.current).toBe(second);
  });
});
