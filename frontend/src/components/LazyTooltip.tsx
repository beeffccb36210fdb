import { cloneElement, useEffect, useRef, useState, type MouseEvent, type ReactElement } from 'react';
import { Tooltip, type TooltipProps } from '@mantine/core';

type Hoverable = ReactElement<{
  onMouseEnter?: (event: MouseEvent<HTMLElement>) => void;
  onMouseLeave?: (event: MouseEvent<HTMLElement>) => void;
}>;

/**
 * Mantine's Tooltip, set up only once the pointer rests on its target. A page of candidates has
 * hundreds of hover texts, and each Tooltip sets up its positioning and listeners when it is drawn
 * and tears them down when its row goes: most of the cost of showing a new page. Until the first
 * hover the target is drawn alone; from then on it is the ordinary Tooltip, opened at once since
 * the pointer is already there (after `openDelay`, as always).
 */
export function LazyTooltip({ children, ...props }: Omit<TooltipProps, 'children'> & { children: Hoverable }) {
  const [active, setActive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (active) {
    return (
      <Tooltip defaultOpened {...props}>
        {children}
      </Tooltip>
    );
  }
  return cloneElement(children, {
    onMouseEnter: (event: MouseEvent<HTMLElement>) => {
      children.props.onMouseEnter?.(event);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setActive(true), props.openDelay ?? 0);
    },
    onMouseLeave: (event: MouseEvent<HTMLElement>) => {
      children.props.onMouseLeave?.(event);
      clearTimeout(timer.current);
    },
  });
}
