// Shared by the emulator's tests: a started emulator and a few ways to call it.
import { startEmulator } from '../../emulator/index.js';

export type Emu = Awaited<ReturnType<typeof startEmulator>>;
export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Sends a request to the emulator's API (`path` is appended to apiUrl as it is, unencoded). */
export async function call(
  emu: Emu,
  method: string,
  path: string,
  options: {
    token?: string;
    headers?: Record<string, string>;
    json?: unknown;
    body?: RequestInit['body'];
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers['PRIVATE-TOKEN'] = options.token;
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${emu.apiUrl}${path}`, {
    method,
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** POST /projects/:id/trigger/pipeline with a JSON body. */
export function trigger(emu: Emu, body: Json, projectId: string | number = 42): Promise<Answer> {
  return call(emu, 'POST', `/projects/${projectId}/trigger/pipeline`, { json: body });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The `status` of a pipeline as GET /projects/:id/pipelines/:pipeline_id answers it. */
export async function statusOf(emu: Emu, pipelineId: number, projectId = 42): Promise<string> {
  const answer = await call(emu, 'GET', `/projects/${projectId}/pipelines/${pipelineId}`, {
    token: emu.seed.apiToken,
  });
  return (answer.json as Json).status as string;
}
