import { startTransition, useEffect, useState } from 'react';

// The charts take turns to be drawn: one per frame, each in a task of its own. Ten charts drawn
// in one go when the figures arrive (recharts lays each out in several passes) held the screen
// still for 400 ms on the UI bench (`make bench-ui`, the "insights" phase); one at a time, every
// frame between them is painted and a click is answered at once.

const waiting: (() => void)[] = [];
let scheduled = false;

function schedule() {
  if (scheduled) return;
  scheduled = true;
  // After the next frame is painted, in a task of its own.
  requestAnimationFrame(() =>
    setTimeout(() => {
      scheduled = false;
      const turn = waiting.shift();
      if (turn) startTransition(turn);
      if (waiting.length) schedule();
    }, 0),
  );
}

/**
 * `value` once its turn has come: until then the value of the turn before (undefined at first).
 * A value that changes again before its turn takes the place of the one waiting.
 */
export function useInTurn<T>(value: T): T | undefined {
  const [shown, setShown] = useState<T | undefined>(undefined);
  useEffect(() => {
    const turn = () => setShown(() => value);
    waiting.push(turn);
    schedule();
    return () => {
      const at = waiting.indexOf(turn);
      if (at >= 0) waiting.splice(at, 1);
    };
  }, [value]);
  return shown;
}

/**
 * False until the turn after `ready` becomes true, then true for good: the later part of a chart
 * drawn in parts. Nothing waits in line while `ready` is false.
 */
export function useLaterTurn(ready: boolean): boolean {
  const [come, setCome] = useState(false);
  useEffect(() => {
    if (!ready || come) return;
    const turn = () => setCome(true);
    waiting.push(turn);
    schedule();
    return () => {
      const at = waiting.indexOf(turn);
      if (at >= 0) waiting.splice(at, 1);
    };
  }, [ready, come]);
  return come;
}
