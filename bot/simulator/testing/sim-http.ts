import type { RunningSimulator } from './start-simulator-server.ts';
import { TEST_CORP } from './start-simulator-server.ts';

export interface HttpAnswer {
  status: number;
  // Specs read whatever fields they assert on.
  body: any;
}

/** GET /sim/cgi-bin/<path> with query parameters; the body parsed as JSON. */
export async function cgiGet(sim: RunningSimulator, path: string, query: Record<string, string> = {}): Promise<HttpAnswer> {
  const url = new URL(`${sim.baseUrl}/cgi-bin/${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** POST /sim/cgi-bin/<path> with a JSON body (a string is sent as-is) and query parameters. */
export async function cgiPost(
  sim: RunningSimulator,
  path: string,
  body: unknown,
  query: Record<string, string> = {},
): Promise<HttpAnswer> {
  const url = new URL(`${sim.baseUrl}/cgi-bin/${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A valid access token for the test corp. */
export async function accessToken(sim: RunningSimulator): Promise<string> {
  const { body } = await cgiGet(sim, 'gettoken', { corpid: TEST_CORP.corpId, corpsecret: TEST_CORP.secret });
  return body.access_token as string;
}

/** A /sim/api call; `body` is sent as-is when a string (to test malformed JSON). */
export async function control(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<HttpAnswer> {
  const res = await fetch(`${sim.baseUrl}/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
