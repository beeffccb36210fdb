import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useInTurn } from './turns';

function Shown({ id, value }: { id: string; value: string }) {
  return <span data-testid={id}>{useInTurn(value) ?? 'waiting'}</span>;
}

/** Resolves after the next frame has been painted and the task after it has run. */
const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));

describe('useInTurn', () => {
  it('gives each chart its value in turn, one per frame, the latest value of each', async () => {
    const { rerender } = render(
      <>
        <Shown id="a" value="a1" />
        <Shown id="b" value="b1" />
      </>,
    );
    expect(screen.getByTestId('a')).toHaveTextContent('waiting');
    expect(screen.getByTestId('b')).toHaveTextContent('waiting');
    await waitFor(() => expect(screen.getByTestId('a')).toHaveTextContent('a1'));
    expect(screen.getByTestId('b')).toHaveTextContent('waiting');
    await waitFor(() => expect(screen.getByTestId('b')).toHaveTextContent('b1'));

    // A value replaced before its turn: only the latest is drawn, and the old one stays until then.
    rerender(
      <>
        <Shown id="a" value="a2" />
        <Shown id="b" value="b1" />
      </>,
    );
    rerender(
      <>
        <Shown id="a" value="a3" />
        <Shown id="b" value="b1" />
      </>,
    );
    expect(screen.getByTestId('a')).toHaveTextContent('a1');
    await act(nextFrame);
    await act(nextFrame);
    expect(screen.getByTestId('a')).toHaveTextContent('a3');
    expect(screen.getByTestId('b')).toHaveTextContent('b1');
  });
});
