import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InvitationRouting } from '../../api/types.gen';
import { fakeFetch } from '../../test/fakeFetch';
import { invitation } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { InvitationActions } from './InvitationActions';
import { RoutedLine, routedLine } from './RoutedLine';

const routed = (r: Partial<InvitationRouting>): InvitationRouting => ({
  outcome: 'passed',
  moveTo: '',
  move: '',
  archiveMode: 'off',
  archive: '',
  note: '',
  ...r,
});

describe('RoutedLine', () => {
  it.each([
    [routed({ moveTo: 'On-site interview', move: 'done' }), 'Passed — moved to On-site interview'],
    [routed({ moveTo: 'On-site interview' }), 'Passed — moving to On-site interview'],
    [routed({ moveTo: 'On-site interview', move: 'left', note: 'Already past that stage' }), 'Passed — left alone: Already past that stage'],
    [routed({ outcome: 'review' }), 'Review'],
    [routed({ outcome: 'failed', archiveMode: 'suggest', archive: 'suggested' }), 'Failed — archive suggested'],
    [routed({ outcome: 'failed', archiveMode: 'automatic', archive: 'done' }), 'Failed — archived'],
    [routed({ outcome: 'failed', archiveMode: 'suggest', archive: 'left', note: 'Lever had archived them' }), 'Failed — left alone: Lever had archived them'],
    [routed({ outcome: 'failed' }), 'Failed'],
    [routed({ outcome: 'expired', archiveMode: 'suggest', archive: 'suggested' }), 'Expired — archive suggested'],
  ])('says %o as %s', (r, line) => {
    expect(routedLine(r)).toBe(line);
  });

  it('shows the outcome as text read with the row, and nothing when no rules decided', () => {
    const { rerender } = renderWithProviders(
      <RoutedLine routing={routed({ moveTo: 'On-site interview', move: 'done' })} />,
    );
    expect(screen.getByText('Passed — moved to On-site interview')).toBeVisible();
    rerender(<RoutedLine />);
    expect(screen.queryByTestId('invitation-routed')).not.toBeInTheDocument();
  });
});

describe('the reminder on the due line', () => {
  it('says when Qualified reminds an invited candidate, beside the due line', async () => {
    const inv = invitation({ status: 'invited' });
    fakeFetch({
      'GET /api/invitation-deadlines': [
        { id: inv.id, expiresAt: '2099-03-20T00:00:00Z', reminderAt: '2099-03-18T12:00:00Z', due: 'due in 5 days', cameBackAt: '' },
      ],
    });
    renderWithProviders(<InvitationActions invitation={inv} />);
    expect(await screen.findByText('due in 5 days')).toBeInTheDocument();
    const reminder = screen.getByText(/^reminder /);
    expect(reminder).toHaveTextContent(/18/);
    expect(reminder).toHaveAttribute('title', expect.stringContaining('Qualified reminds the candidate'));
  });

  it('says nothing of a reminder when the invitation has none', async () => {
    const inv = invitation({ status: 'invited' });
    fakeFetch({
      'GET /api/invitation-deadlines': [{ id: inv.id, expiresAt: '2099-03-20T00:00:00Z', reminderAt: '', due: 'due in 5 days', cameBackAt: '' }],
    });
    renderWithProviders(<InvitationActions invitation={inv} />);
    expect(await screen.findByText('due in 5 days')).toBeInTheDocument();
    expect(screen.queryByText(/reminde/)).not.toBeInTheDocument();
  });
});
