import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, reply } from '../test/fakeFetch';
import { ApiError, buildQuery, errorFromResponse, request } from './client';
import { activityPath, api, invitationsPath } from './endpoints';

describe('buildQuery', () => {
  it('leaves out empty values and joins lists with commas', () => {
    expect(
      buildQuery({ status: ['invited', 'started'], assessment: '', posting: undefined, q: null, limit: 50, offset: 0 }),
    ).toBe('?status=invited,started&limit=50&offset=0');
  });

  it('is empty when nothing is set', () => {
    expect(buildQuery({ a: undefined, b: [], c: '' })).toBe('');
  });

  it('encodes text so it cannot break the query', () => {
    expect(buildQuery({ q: 'o\'neil & co=1' })).toBe("?q=o%27neil+%26+co%3D1");
  });
});

describe('invitationsPath', () => {
  it('maps every filter onto the documented parameters', () => {
    expect(
      invitationsPath({
        status: ['failed'],
        assessment: 'a-1',
        posting: 'p-2',
        q: '  ada ',
        sort: 'score',
        limit: 50,
        offset: 100,
      }),
    ).toBe('/api/invitations?status=failed&assessment=a-1&posting=p-2&q=ada&sort=score&limit=50&offset=100');
  });

  it('asks for everything when nothing is chosen', () => {
    expect(invitationsPath({})).toBe('/api/invitations');
  });
});

describe('activityPath', () => {
  it('pages backwards with before', () => {
    expect(activityPath({ outcome: 'failed', limit: 100, before: 42 })).toBe(
      '/api/activity?outcome=failed&limit=100&before=42',
    );
  });
});

describe('errors', () => {
  it('carries the API sentence, status and code', async () => {
    const response = new Response(JSON.stringify({ error: 'Lever refused the API key.', code: 'invalid' }), {
      status: 400,
    });
    const error = await errorFromResponse(response);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Lever refused the API key.');
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid');
  });

  it('falls back to a plain sentence when the body is not the API error shape', async () => {
    const error = await errorFromResponse(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error.message).toMatch(/unexpected error \(HTTP 502\)/);
    expect(error.code).toBe('internal');
  });

  it('request throws the API sentence on a 4xx', async () => {
    fakeFetch({
      'POST /api/setup/qualified': reply(400, { error: 'Qualified says the key is wrong.', code: 'invalid' }),
    });
    await expect(api.connectQualified('nope')).rejects.toMatchObject({
      name: 'ApiError',
      message: 'Qualified says the key is wrong.',
      status: 400,
    });
  });

  it('request sends the browser to the login form when the admin login has ended', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    try {
      fakeFetch({ 'GET /api/status': reply(401, { error: 'Log in first.', code: 'unauthorized' }) });
      await expect(request('GET', '/api/status')).rejects.toMatchObject({ status: 401 });
      expect(assign).toHaveBeenCalledWith('/login');
      assign.mockClear();
      fakeFetch({ 'GET /api/status': reply(400, { error: 'Bad.', code: 'invalid' }) });
      await expect(request('GET', '/api/status')).rejects.toMatchObject({ status: 400 });
      expect(assign).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('request explains an unreachable backend', async () => {
    const { fetchFn } = fakeFetch({});
    fetchFn.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(request('GET', '/api/status')).rejects.toMatchObject({ status: 0, code: 'unreachable' });
  });
});

describe('request', () => {
  it('sends JSON bodies and reads JSON answers', async () => {
    const { calls } = fakeFetch({ 'PUT /api/trigger-stages': { triggerStages: [] } });
    await api.saveTriggerStages(['s1', 's2']);
    expect(calls).toEqual([{ method: 'PUT', url: '/api/trigger-stages', body: { stageIds: ['s1', 's2'] } }]);
  });

  it('returns undefined for an empty 202', async () => {
    fakeFetch({ 'POST /api/activity/7/retry': reply(202) });
    await expect(api.retryActivity(7)).resolves.toBeUndefined();
  });

  it('tolerates a missing list', async () => {
    fakeFetch({ 'GET /api/invitations': { total: 0 } });
    await expect(api.invitations({})).resolves.toEqual({ invitations: [], total: 0 });
  });
});
