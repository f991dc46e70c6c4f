// Every call of the API goes through here: the bearer token on each request, RFC 9457 problem+json errors as
// ApiError (status, detail, field, and the whole problem for answers that carry more, such as an archived flow's),
// and a refused token (401) ends the session with the server's reason.
import { session, signOut } from '../shell/session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `The server answered ${status}.`);
    this.status = status;
    this.detail = this.message;
    this.field = problem?.field ?? null;
    this.problem = problem ?? {};
  }
}

/** The JSON body of a successful call (null for 204), or an ApiError. */
export async function api(path, options = {}) {
  const response = await call(path, options);
  return response.status === 204 ? null : response.json();
}

/** The raw successful response, for headers and downloads. */
export async function call(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const current = session();
  if (!current) {
    throw new ApiError(401, { detail: 'Signed out.' });
  }
  const response = await fetch(path, {
    method,
    signal,
    cache: 'no-store',
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${current.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) {
    return response;
  }
  const error = new ApiError(response.status, await problem(response));
  if (response.status === 401) {
    signOut(error.detail);
  }
  throw error;
}

/** A query string of the defined, non-empty values; arrays repeat the parameter. */
export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([name, value]) => {
    (Array.isArray(value) ? value : [value])
      .filter((one) => one !== undefined && one !== null && one !== '' && one !== false)
      .forEach((one) => search.append(name, String(one)));
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function problem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
