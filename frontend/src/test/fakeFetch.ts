import { vi } from 'vitest';

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** An answer with a status other than 200 (or no body). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export const reply = (status: number, body?: unknown) => new Reply(status, body);

type Handler = (call: Call) => Reply | { body: unknown } | undefined;

/**
 * Replaces fetch with a table of answers keyed by "METHOD /path" (the query string is matched
 * only when the key has one). Unknown requests answer 404 in the API's error shape.
 */
export function fakeFetch(routes: Record<string, unknown>) {
  const calls: Call[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input.toString();
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, url, body };
    calls.push(call);
    const path = url.split('?')[0];
    const route = routes[`${method} ${url}`] ?? routes[`${method} ${path}`];
    let answer: { status?: number; body?: unknown } | undefined;
    if (typeof route === 'function') answer = (route as Handler)(call);
    else if (route instanceof Reply) answer = route;
    else if (route !== undefined) answer = { body: route };
    if (!answer) answer = { status: 404, body: { error: `No fake for ${method} ${url}.`, code: 'not_found' } };
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(text || null, { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchFn);
  return { calls, fetchFn };
}
