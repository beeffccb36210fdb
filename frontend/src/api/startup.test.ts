import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { fakeFetch, reply } from '../test/fakeFetch';
import { invitation, status } from '../test/fixtures';
import { keys } from './queries';
import { routingKeys } from './routing';
import { firstRoute, startFirstRequests } from './startup';
import { workspaceKey } from './workspace';

const client = () => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });

const dashboardAnswers = {
  'GET /api/status': status({ demo: true }),
  'GET /api/session': { adminLogin: false },
  'GET /api/workspace': { workspace: 'demo' },
  'GET /api/invitations': { invitations: [invitation()], total: 1 },
  'GET /api/funnel': { funnel: [] },
  'GET /api/postings': { postings: [] },
  'GET /api/archive-suggestions': { suggestions: [] },
};

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('firstRoute', () => {
  it('opens on Setup only while nothing of the real setup is done', () => {
    expect(firstRoute(status())).toBe('setup');
    expect(firstRoute(status({ demo: true }))).toBe('dashboard');
    expect(firstRoute(status({ qualified: { connected: true } }))).toBe('dashboard');
    expect(firstRoute(undefined)).toBe('dashboard');
  });
});

describe('startFirstRequests', () => {
  it('asks for the status and the candidates screen at once, under the keys the screen reads', async () => {
    const { calls } = fakeFetch(dashboardAnswers);
    const c = client();
    await startFirstRequests(c, '');
    expect(calls.map((x) => x.url).sort()).toEqual([
      '/api/archive-suggestions',
      '/api/funnel',
      '/api/invitations?sort=updated&limit=50&offset=0',
      '/api/postings',
      '/api/session',
      '/api/status',
      '/api/workspace',
    ]);
    expect(c.getQueryData(keys.status)).toMatchObject({ demo: true });
    expect(c.getQueryData(keys.invitations({ sort: 'updated', limit: 50, offset: 0 }))).toMatchObject({ total: 1 });
    expect(c.getQueryData(keys.funnel)).toEqual([]);
    expect(c.getQueryData(keys.postings)).toEqual([]);
    expect(c.getQueryData(routingKeys.suggestions)).toEqual([]);
    expect(c.getQueryData(workspaceKey)).toEqual({ workspace: 'demo' });
  });

  it('asks for the page of candidates the address filters', async () => {
    const { calls } = fakeFetch(dashboardAnswers);
    await startFirstRequests(client(), '#/dashboard?status=failed&page=2');
    const asked = calls.map((x) => x.url).filter((u) => u.startsWith('/api/invitations'));
    expect(asked).toEqual(['/api/invitations?status=failed&sort=updated&limit=50&offset=50']);
  });

  it('asks only for the status and the header on another screen', async () => {
    const { calls } = fakeFetch(dashboardAnswers);
    await startFirstRequests(client(), '#/settings');
    expect(calls.map((x) => x.url).sort()).toEqual(['/api/session', '/api/status', '/api/workspace']);
  });

  it('ends at a failed answer without trying it again, and leaves it for the screen to ask again', async () => {
    const { calls } = fakeFetch({ ...dashboardAnswers, 'GET /api/status': reply(500, { error: 'The database is busy.', code: 'internal' }) });
    const c = client();
    await startFirstRequests(c, '');
    expect(calls.filter((x) => x.url === '/api/status')).toHaveLength(1);
    expect(c.getQueryData(keys.status)).toBeUndefined();
    expect(c.getQueryState(keys.status)?.status).toBe('error');
  });
});
