import type { QueryClient } from '@tanstack/react-query';
import { filtersFromSearch, filtersToQuery, DEFAULT_FILTERS } from '../pages/dashboard/filters';
import { routeFromHash, type Route } from '../router';
import { api } from './endpoints';
import { keys } from './queries';
import { routingApi, routingKeys } from './routing';
import type { Status } from './types';
import { fetchWorkspace, nothingSetUp, workspaceKey } from './workspace';

/**
 * The first screen when the address names none: Setup while nothing at all is set up (a first
 * start), the candidates otherwise (and while the status is unknown).
 */
export function firstRoute(status: Status | undefined): Route {
  return status && !status.demo && nothingSetUp(status) ? 'setup' : 'dashboard';
}

/** The dashboard's filters as its page reads them from the address (#/dashboard?status=failed). */
function dashboardQuery(hash: string) {
  const at = hash.indexOf('?');
  return filtersToQuery(at >= 0 ? filtersFromSearch(hash.slice(at)) : DEFAULT_FILTERS);
}

/**
 * Asks for what the first screen shows as the script starts, all at once, rather than as each
 * component mounts: the status (which picks the first screen), the header's and banner's answers,
 * and, when the first screen is likely the candidates (the address names it, or none), the
 * dashboard's own, under the very keys its components read. Resolves once they are all in the
 * cache, or failed: a failed one is not tried again here but asked again by its component, as
 * before. Qualified's assessments are left to the filters that show them: their first read goes to
 * Qualified itself.
 */
export function startFirstRequests(client: QueryClient, hash: string): Promise<void> {
  const named = routeFromHash(hash);
  const once = { retry: false } as const;
  const waited: Promise<unknown>[] = [
    client.prefetchQuery({ queryKey: keys.status, queryFn: api.status, ...once }),
    client.prefetchQuery({ queryKey: ['session'], queryFn: api.session, staleTime: Infinity, ...once }),
    client.prefetchQuery({ queryKey: workspaceKey, queryFn: fetchWorkspace, staleTime: Infinity, retry: false }),
  ];
  if (named === null || named === 'dashboard') {
    const query = dashboardQuery(named === null ? '' : hash);
    waited.push(
      client.prefetchQuery({ queryKey: keys.invitations(query), queryFn: () => api.invitations(query), ...once }),
      client.prefetchQuery({ queryKey: keys.funnel, queryFn: api.funnel, ...once }),
      client.prefetchQuery({ queryKey: keys.postings, queryFn: api.postings, ...once }),
      client.prefetchQuery({ queryKey: routingKeys.suggestions, queryFn: routingApi.suggestions, ...once }),
    );
  }
  return Promise.all(waited).then(() => undefined);
}
