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
    // A short keep-alive: close() waits for idle keep-alive connections to expire (no reset mid-request).
    config: { ...config, server: { port: 0, logLevel: 'silent', keepAliveTimeoutMs: 1000, ...config.server } },
    providers: [mockProvider, openaiProvider],
    ...extra,
  });
  const url = await server.listen().catch(async (e) => {
    await server.close();
    throw e;
  });
  return { url, baseURL: `${url}/v1`, server, close: () => server.close() };
}

export { postJson } from '@switchyard/testkit';

export const chatBody = (model: string, content = 'hello there', extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});
