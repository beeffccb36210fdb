import { startTransition, useEffect, useState } from 'react';

/**
 * A list drawn a few items at a time when most of it is new: `perStep` items at once, then
 * `perStep` more after each frame. A new page of fifty candidates built and laid out in one go
 * held the screen still for a frame of 40–50 ms; a screenful first, then the rest over the next
 * frames, keeps every frame short. A list that is mostly the same as the one on screen (a live
 * update) is drawn whole at once, so rows already shown are never taken away.
 */
export function useInSteps<T>(items: T[], idOf: (item: T) => unknown, perStep: number): T[] {
  const [step, setStep] = useState<{ items: T[]; shown: number }>({ items, shown: items.length });
  let current = step;
  if (step.items !== items) {
    // A new list: count the items not on screen now (React's pattern for state derived from props).
    const onScreen = new Set(step.items.slice(0, step.shown).map(idOf));
    const fresh = items.reduce((n, item) => (onScreen.has(idOf(item)) ? n : n + 1), 0);
    current = { items, shown: fresh > perStep ? perStep : items.length };
    setStep(current);
  }

  const more = current.items === items && current.shown < items.length;
  useEffect(() => {
    if (!more) return undefined;
    // After the next frame, in a task of its own.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        startTransition(() =>
          setStep((s) => (s.items === items ? { items, shown: Math.min(items.length, s.shown + perStep) } : s)),
        );
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [more, items, perStep, current.shown]);

  return current.shown >= items.length ? items : items.slice(0, current.shown);
}
