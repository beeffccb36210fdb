import { describe, expect, it } from 'vitest';
import { invitation } from '../test/fixtures';
import type { InvitationPage } from './types';
import { sharePage } from './queries';

const page = (invitations: InvitationPage['invitations'], total = invitations.length): InvitationPage => ({
  invitations,
  total,
});
// What the server sends again: equal values, new objects.
const again = (p: InvitationPage): InvitationPage => JSON.parse(JSON.stringify(p));

describe('sharePage', () => {
  const ada = invitation({ id: 1 });
  const grace = invitation({ id: 2, candidate: { ...invitation().candidate, name: 'Grace Hopper' } });
  const alan = invitation({ id: 3, candidate: { ...invitation().candidate, name: 'Alan Turing' }, status: 'invited' });

  it('keeps unchanged invitations as they were when another one moves to the top', () => {
    const before = page([ada, grace, alan]);
    const moved = { ...alan, status: 'started' as const, startedAt: '2026-11-25T12:00:00Z' };
    const shared = sharePage(before, page([moved, ada, grace])) as InvitationPage;
    expect(shared.invitations.map((i) => i.id)).toEqual([3, 1, 2]);
    expect(shared.invitations[0]).not.toBe(alan);
    expect(shared.invitations[0].status).toBe('started');
    expect(shared.invitations[1]).toBe(ada);
    expect(shared.invitations[2]).toBe(grace);
  });

  it('keeps the whole page when nothing changed, and a new page when the total did', () => {
    const before = page([ada, grace], 2);
    expect(sharePage(before, again(before))).toBe(before);
    const grown = sharePage(before, page(again(before).invitations, 3)) as InvitationPage;
    expect(grown).not.toBe(before);
    expect(grown.total).toBe(3);
    expect(grown.invitations).toBe(before.invitations);
  });

  it('takes a first page as it comes', () => {
    const first = page([ada]);
    expect(sharePage(undefined, first)).toBe(first);
  });
});
