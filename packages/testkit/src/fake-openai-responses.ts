/**
 * @module A protocol-faithful fake of OpenAI's Responses API (`POST /v1/responses`, `GET` and
 * `DELETE /v1/responses/{id}`) as a node:http handler. Like the real API it rejects unknown
 * parameters (`unknown_parameter`), keeps responses unless `store: false` and resolves
 * `previous_response_id` against them (`previous_response_not_found`), refuses a
 * `function_call_output` whose call is not in the conversation, answers built-in `web_search` tools
 * with a `web_search_call` item and cited text, sets `status: incomplete` at `max_output_tokens`,
 * and streams the full typed event sequence.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { responseEvents, sseFrames } from './fake-responses-events.js';

type Json = Record<string, any>;

export interface FakeResponsesReply {
  /** Assistant text; default `Echo: <last user text>`. Omitted when `functionCalls` are given, unless set. */
  text?: string;
  functionCalls?: { name: string; arguments: Record<string, unknown> | string }[];
  /** A reasoning item with this summary (encrypted content too when `include` asks for it). */
  reasoning?: string;
  usage?: { input_tokens?: number; output_tokens?: number; cached_tokens?: number; reasoning_tokens?: number };
  /** Streams only: pause between events (to test aborts). */
  eventDelayMs?: number;
  /** Streams only: after this many events, send `response.failed` instead of the rest. */
  failAfterEvents?: number;
}

export type FakeResponsesHandler = (body: Json) => FakeResponsesReply;

export interface FakeResponsesControl {
  /** Sets the reply for following requests (default: echo). */
  reply(handler: FakeResponsesHandler | FakeResponsesReply): void;
  /** Responses kept because `store` was not false, by id. */
  readonly stored: Map<string, { response: Json; items: Json[] }>;
}

const KNOWN_PARAMS = new Set([
  'background',
  'context_management',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
]);

const hex = (n: number) => randomBytes(n).toString('hex');

function sendError(res: ServerResponse, status: number, message: string, code: string | null, param: string | null = null) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param, code } }));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((p: Json) => typeof p?.text === 'string')
    .map((p: Json) => p.text)
    .join(' ');
}

function inputItems(body: Json): Json[] {
  return typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
}

const echo: FakeResponsesHandler = (body) => {
  const last = [...inputItems(body)].reverse().find((i) => i.role === 'user' && (i.type === undefined || i.type === 'message'));
  return { text: `Echo: ${textOf(last?.content)}` };
};

function outputItems(body: Json, reply: FakeResponsesReply): { output: Json[]; truncated: boolean } {
  const output: Json[] = [];
  if (reply.reasoning !== undefined) {
    const item: Json = { id: `rs_${hex(24)}`, type: 'reasoning', summary: [{ type: 'summary_text', text: reply.reasoning }] };
    if (Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content')) item.encrypted_content = `gAAAAA${hex(32)}`;
    output.push(item);
  }
  const search = (body.tools ?? []).some((t: Json) => t.type === 'web_search' || t.type === 'web_search_preview');
  let text = reply.text ?? (reply.functionCalls ? undefined : echo(body).text);
  const annotations: Json[] = [];
  if (search && text !== undefined) {
    output.push({ id: `ws_${hex(24)}`, type: 'web_search_call', status: 'completed', action: { type: 'search', query: textOf(text) } });
    const cite = ' (example.com)';
    annotations.push({
      type: 'url_citation',
      start_index: text.length + 2,
      end_index: text.length + cite.length - 1,
      title: 'Example',
      url: 'https://example.com/',
    });
    text += cite;
  }
  let truncated = false;
  if (text !== undefined) {
    const cap = typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined;
    const words = text.split(' ');
    if (cap !== undefined && words.length > cap) {
      text = words.slice(0, cap).join(' ');
      truncated = true;
    }
    output.push({
      id: `msg_${hex(24)}`,
      type: 'message',
      status: truncated ? 'incomplete' : 'completed',
      content: [{ type: 'output_text', annotations: truncated ? [] : annotations, logprobs: [], text }],
      role: 'assistant',
    });
  }
  if (!truncated) {
    for (const fc of reply.functionCalls ?? []) {
      const args = typeof fc.arguments === 'string' ? fc.arguments : JSON.stringify(fc.arguments);
      output.push({
        id: `fc_${hex(24)}`,
        type: 'function_call',
        status: 'completed',
        arguments: args,
        call_id: `call_${hex(12)}`,
        name: fc.name,
      });
    }
  }
  return { output, truncated };
}

function responseObject(body: Json, reply: FakeResponsesReply): Json {
  const { output, truncated } = outputItems(body, reply);
  const input = Math.max(1, Math.ceil(JSON.stringify(body.input ?? '').length / 4));
  const outTokens = reply.usage?.output_tokens ?? 12;
  const now = Math.floor(Date.now() / 1000);
  return {
    id: `resp_${hex(24)}`,
    object: 'response',
    created_at: now,
    status: truncated ? 'incomplete' : 'completed',
    background: false,
    completed_at: truncated ? null : now,
    error: null,
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: `${body.model}-2025-04-14`,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: 'default',
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: body.text?.format ?? { type: 'text' }, verbosity: body.text?.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: {
      input_tokens: reply.usage?.input_tokens ?? input,
      input_tokens_details: { cached_tokens: reply.usage?.cached_tokens ?? 0 },
      output_tokens: outTokens,
      output_tokens_details: { reasoning_tokens: reply.usage?.reasoning_tokens ?? 0 },
      total_tokens: (reply.usage?.input_tokens ?? input) + outTokens,
    },
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}

/** Checks the request the way the API does; returns [status, message, code, param] on a problem. */
function problem(body: Json, stored: FakeResponsesControl['stored']): [number, string, string | null, string | null] | undefined {
  for (const k of Object.keys(body)) if (!KNOWN_PARAMS.has(k)) return [400, `Unknown parameter: '${k}'.`, 'unknown_parameter', k];
  if (typeof body.model !== 'string' || !body.model)
    return [400, "Missing required parameter: 'model'.", 'missing_required_parameter', 'model'];
  if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) {
    return [400, "Invalid type for 'input'.", 'invalid_type', 'input'];
  }
  const calls = new Set<string>();
  if (body.previous_response_id !== undefined) {
    const prev = stored.get(body.previous_response_id);
    if (!prev)
      return [
        400,
        `Previous response with id '${body.previous_response_id}' not found.`,
        'previous_response_not_found',
        'previous_response_id',
      ];
    for (const i of prev.items) if (i.type === 'function_call') calls.add(i.call_id);
  }
  for (const [n, item] of inputItems(body).entries()) {
    if (item.type === 'function_call') calls.add(item.call_id);
    if (item.type === 'function_call_output' && !calls.has(item.call_id)) {
      return [400, `No tool call found for function call output with call_id ${item.call_id}.`, null, `input[${n}]`];
    }
  }
  return undefined;
}

export function createFakeResponsesHandler(apiKey?: string): {
  handle(req: IncomingMessage, res: ServerResponse): void;
  control: FakeResponsesControl;
} {
  const stored: FakeResponsesControl['stored'] = new Map();
  let handler: FakeResponsesHandler = echo;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
        return sendError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
      }
      const id = /^\/v1\/responses\/([^/?]+)/.exec(req.url ?? '')?.[1];
      if (id !== undefined) {
        const found = stored.get(decodeURIComponent(id));
        if (!found || (req.method !== 'GET' && req.method !== 'DELETE'))
          return sendError(res, 404, `Response with id '${id}' not found.`, null);
        if (req.method === 'DELETE') stored.delete(decodeURIComponent(id));
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(req.method === 'GET' ? found.response : { id, object: 'response', deleted: true }));
      }
      let body: Json;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.', null);
      }
      const bad = problem(body, stored);
      if (bad) return sendError(res, bad[0], bad[1], bad[2], bad[3]);
      const reply = handler(body);
      const response = responseObject(body, reply);
      if (body.store !== false) {
        const prev = body.previous_response_id ? (stored.get(body.previous_response_id)?.items ?? []) : [];
        stored.set(response.id, { response, items: [...prev, ...inputItems(body), ...response.output] });
      }
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${hex(16)}` });
        return res.end(JSON.stringify(response));
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_${hex(16)}`,
      });
      let frames = sseFrames(responseEvents(response));
      if (reply.failAfterEvents !== undefined) {
        // As the API fails mid-stream: an `error` event (the error nested, unlike the SDK's types), then `response.failed`.
        const error = { code: 'server_error', message: 'The model failed to respond.' };
        const failed = { ...response, status: 'failed', error, usage: null };
        frames = frames.slice(0, reply.failAfterEvents);
        const n = frames.length;
        frames.push(
          `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: n, error: { type: 'server_error', ...error, param: null } })}\n\n`,
        );
        frames.push(
          `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: n + 1, response: failed })}\n\n`,
        );
      }
      let i = 0;
      let timer: NodeJS.Timeout | undefined;
      res.on('close', () => clearTimeout(timer));
      const next = () => {
        if (res.destroyed) return;
        if (i >= frames.length) return void res.end();
        // Two events per write, as real TCP delivery groups them.
        res.write((frames[i++] ?? '') + (frames[i++] ?? ''));
        if (reply.eventDelayMs) timer = setTimeout(next, reply.eventDelayMs);
        else setImmediate(next);
      };
      next();
    });
  };
  return {
    handle,
    control: {
      stored,
      reply(h) {
        handler = typeof h === 'function' ? h : () => h;
      },
    },
  };
}
