import { useId, useState, type ReactNode } from 'react';
import { Tooltip } from '@mantine/core';
import classes from './ToggleTip.module.css';

type Shown = 'no' | 'passing' | 'kept';

/**
 * What is shown (a status, a score) as a button whose explanation (why the invitation failed, the
 * challenges' scores) is its description, so a screen reader says it with the button, and a
 * keyboard reaches it: the explanation shows on hover and on focus, a click keeps it open or
 * hides it, Escape hides it. The Tooltip that draws it is made only while it shows, as a
 * candidates' page has many of these (see LazyTooltip); it points at a box laid over the button,
 * so the button is never wrapped anew and keeps the focus.
 */
export function ToggleTip({ tip, children }: { tip: string; children: ReactNode }) {
  const id = useId();
  const [shown, setShown] = useState<Shown>('no');
  const pass = (next: Shown) => setShown((now) => (now === 'kept' ? now : next));
  return (
    <span className={classes.anchor}>
      <button
        type="button"
        className={classes.trigger}
        aria-describedby={id}
        onMouseEnter={() => pass('passing')}
        onMouseLeave={() => pass('no')}
        onFocus={() => pass('passing')}
        onBlur={() => setShown('no')}
        onClick={() => setShown((now) => (now === 'kept' ? 'no' : 'kept'))}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || shown === 'no') return;
          event.stopPropagation();
          setShown('no');
        }}
      >
        {children}
      </button>
      <span id={id} hidden>
        {tip}
      </span>
      {shown !== 'no' && (
        <Tooltip opened label={<span className={classes.lines}>{tip}</span>} withArrow multiline maw={320}>
          <span className={classes.overlay} aria-hidden="true" />
        </Tooltip>
      )}
    </span>
  );
}
