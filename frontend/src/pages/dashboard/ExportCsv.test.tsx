import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { ExportCsv, invitationsCsvPath } from './ExportCsv';
import { DEFAULT_FILTERS, filtersToQuery } from './filters';

describe('ExportCsv', () => {
  it('downloads every candidate the filters choose, with the list’s own query but no page', () => {
    const query = filtersToQuery({
      ...DEFAULT_FILTERS,
      statuses: ['invited', 'failed'],
      assessment: 'a-1',
      posting: 'post 1',
      search: ' ada ',
      sort: 'score',
      page: 3,
    });
    expect(invitationsCsvPath(query)).toBe('/api/invitations.csv?status=invited,failed&assessment=a-1&posting=post+1&q=ada&sort=score');
    renderWithProviders(<ExportCsv query={filtersToQuery(DEFAULT_FILTERS)} />);
    const link = screen.getByRole('link', { name: 'Download CSV' });
    expect(link).toHaveAttribute('href', '/api/invitations.csv?sort=updated');
    expect(link).toHaveAttribute('download');
  });
});
