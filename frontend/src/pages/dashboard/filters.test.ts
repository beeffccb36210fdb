import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  isFiltered,
  pageCount,
  PAGE_SIZE,
  type DashboardFilters,
} from './filters';

const f = (patch: Partial<DashboardFilters>): DashboardFilters => ({ ...DEFAULT_FILTERS, ...patch });

describe('filtersToQuery', () => {
  it('asks for the first page of 50, sorted, with nothing else by default', () => {
    expect(filtersToQuery(DEFAULT_FILTERS)).toEqual({ sort: 'updated', limit: 50, offset: 0 });
  });

  it('turns the page into an offset', () => {
    expect(filtersToQuery(f({ page: 3 })).offset).toBe(2 * PAGE_SIZE);
    expect(filtersToQuery(f({ page: 0 })).offset).toBe(0);
  });

  it('passes every chosen filter, with statuses in a stable order and the search trimmed', () => {
    expect(
      filtersToQuery(f({ statuses: ['failed', 'invited'], assessment: 'a1', posting: 'p1', search: ' ada ', sort: 'name' })),
    ).toEqual({
      status: ['invited', 'failed'],
      assessment: 'a1',
      posting: 'p1',
      q: 'ada',
      sort: 'name',
      limit: 50,
      offset: 0,
    });
  });

  it('drops a status filter that selects every status', () => {
    const all = f({ statuses: ['pending', 'invited', 'started', 'expired', 'submitted', 'closed', 'failed'] });
    expect(filtersToQuery(all).status).toBeUndefined();
  });

  it('ignores a blank search', () => {
    expect(filtersToQuery(f({ search: '   ' })).q).toBeUndefined();
  });
});

describe('isFiltered and pageCount', () => {
  it('counts filters but not sorting or paging', () => {
    expect(isFiltered(f({ sort: 'name', page: 4 }))).toBe(false);
    expect(isFiltered(f({ posting: 'p' }))).toBe(true);
    expect(isFiltered(f({ search: ' x' }))).toBe(true);
  });

  it('has at least one page', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(pageCount(50_000)).toBe(1000);
  });
});

describe('filters in the address', () => {
  it('round-trips', () => {
    const filters = f({ statuses: ['started', 'failed'], assessment: 'a 1', search: 'ada', sort: 'score', page: 2 });
    const search = filtersToSearch(filters);
    expect(search).toBe('?status=started,failed&assessment=a+1&q=ada&sort=score&page=2');
    expect(filtersFromSearch(search)).toEqual({ ...filters });
  });

  it('is empty for the defaults and ignores nonsense', () => {
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
    expect(filtersFromSearch('?status=bogus,failed&sort=sideways&page=-2')).toEqual(f({ statuses: ['failed'] }));
  });
});
