import { STATUSES, type InvitationQuery, type InvitationSort, type InvitationStatus } from '../../api/types';

/** How many rows one page of the candidates table shows. */
export const PAGE_SIZE = 50;

export const SORTS: { value: InvitationSort; label: string }[] = [
  { value: 'updated', label: 'Recently updated' },
  { value: 'newest', label: 'Newest invitations' },
  { value: 'oldest', label: 'Oldest invitations' },
  { value: 'name', label: 'Name (A–Z)' },
  { value: 'score', label: 'Score (highest first)' },
];

/** What the recruiter chose above the candidates table. */
export interface DashboardFilters {
  statuses: InvitationStatus[];
  assessment: string | null;
  posting: string | null;
  search: string;
  sort: InvitationSort;
  page: number;
}

export const DEFAULT_FILTERS: DashboardFilters = {
  statuses: [],
  assessment: null,
  posting: null,
  search: '',
  sort: 'updated',
  page: 1,
};

/** The API query for the filters: one page of PAGE_SIZE rows, empty choices left out. */
export function filtersToQuery(filters: DashboardFilters): InvitationQuery {
  const page = Math.max(1, Math.floor(filters.page) || 1);
  const query: InvitationQuery = {
    sort: filters.sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  // Keep the canonical order so the same choice always hits the same cache entry.
  const statuses = STATUSES.filter((s) => filters.statuses.includes(s));
  if (statuses.length > 0 && statuses.length < STATUSES.length) query.status = statuses;
  if (filters.assessment) query.assessment = filters.assessment;
  if (filters.posting) query.posting = filters.posting;
  const q = filters.search.trim();
  if (q) query.q = q;
  return query;
}

/** Whether any filter narrows the table (sorting and paging do not). */
export function isFiltered(filters: DashboardFilters): boolean {
  return (
    filters.statuses.length > 0 || !!filters.assessment || !!filters.posting || filters.search.trim() !== ''
  );
}

/** How many pages `total` rows take, at least one. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

const SORT_VALUES = SORTS.map((s) => s.value) as string[];

/** Filters from the query part of the address (#/dashboard?status=failed&assessment=…), for links. */
export function filtersFromSearch(search: string): DashboardFilters {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const statuses = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is InvitationStatus => (STATUSES as readonly string[]).includes(s));
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page'));
  return {
    statuses,
    assessment: params.get('assessment') || null,
    posting: params.get('posting') || null,
    search: params.get('q') ?? '',
    sort: SORT_VALUES.includes(sort) ? (sort as InvitationSort) : DEFAULT_FILTERS.sort,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The query part of the address for the filters ("" for the defaults). */
export function filtersToSearch(filters: DashboardFilters): string {
  const params = new URLSearchParams();
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.assessment) params.set('assessment', filters.assessment);
  if (filters.posting) params.set('posting', filters.posting);
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  const text = params.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}
