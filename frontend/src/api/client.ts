import type { ApiErrorBody } from './types';

/** An answer from the API that was not a success, carrying the API's own sentence. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/**
 * Builds "?a=1&b=x,y" from params, leaving out empty values so the server applies its defaults.
 * Lists are comma-joined, as the API expects (status=invited,started).
 */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).error === 'string';
}

/** Turns a failed response into an ApiError with the recruiter-facing sentence the API sent. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (isErrorBody(body) && body.error.trim() !== '') {
    return new ApiError(body.error, response.status, body.code ?? 'internal');
  }
  return new ApiError(
    `assessbridge answered with an unexpected error (HTTP ${response.status}). Try again in a moment.`,
    response.status,
    'internal',
  );
}

/** Sends one request to the admin API and returns its JSON body (undefined for an empty body). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('Cannot reach assessbridge. Check that the app is still running.', 0, 'unreachable');
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    // The admin login ended (expired, logged out, or a restart): back to the login form.
    if (error.status === 401 && error.code === 'unauthorized') window.location.assign('/login');
    throw error;
  }
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('assessbridge sent an answer that could not be read.', response.status, 'internal');
  }
}

/** The message to show for anything thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
