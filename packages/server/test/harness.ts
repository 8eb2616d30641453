// Starts real servers on free ports for the server's end-to-end tests.
import { mockProvider } from '@switchyard/provider-mock';
import { openaiProvider } from '@switchyard/provider-openai';
import { createServer, type ServerConfigInput, type SwitchyardServer } from '../src/index.js';

export interface RunningGateway {
  url: string;
  baseURL: string;
  server: SwitchyardServer;
  close(): Promise<void>;
}

export async function startGateway(
  config: ServerConfigInput,
  extra: Partial<Parameters<typeof createServer>[0]> = {},
): Promise<RunningGateway> {
  const server = await createServer({
    config: { ...config, server: { port: 0, logLevel: 'silent', ...config.server } },
    providers: [mockProvider, openaiProvider],
    ...extra,
  });
  const url = await server.listen();
  return { url, baseURL: `${url}/v1`, server, close: () => server.close() };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const chatBody = (model: string, content = 'hello there', extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});
