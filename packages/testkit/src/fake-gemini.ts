/**
 * @module A protocol-faithful fake of the Gemini API (generativelanguage v1beta) on 127.0.0.1:
 * `models/{m}:generateContent`, `:streamGenerateContent` (SSE framed with `\r\n\r\n` under
 * `alt=sse`, one JSON array without it), `:embedContent`, `:batchEmbedContents`. Like Gemini it
 * authenticates `x-goog-api-key`, rejects unknown fields with 400 INVALID_ARGUMENT, requires object
 * function responses, and for `gemini-3*` models refuses current-turn function calls without a
 * thought signature.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from './free-port.js';

export interface FakeGeminiRequest {
  model: string;
  method: string;
  /** Path and query as received (`/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`). */
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeGeminiReply =
  | { json: unknown; status?: number }
  /** Each element becomes one `data: <json>\r\n\r\n` event, written separately. */
  | { sse: unknown[] }
  | { raw: string; status: number; contentType?: string };

export type FakeGeminiHandler = (req: FakeGeminiRequest) => FakeGeminiReply | undefined;

export interface FakeGemini {
  /** Base URL up to and including `/v1beta`, as a provider's `baseUrl`. */
  readonly baseUrl: string;
  /** Every request that passed authentication and validation, in order. */
  readonly requests: FakeGeminiRequest[];
  /** Replies served before the handler, first in first out. */
  queue(...replies: FakeGeminiReply[]): void;
  /** Replaces the handler; returning undefined falls back to the default echo behaviour. */
  handle(handler: FakeGeminiHandler | undefined): void;
  close(): Promise<void>;
}

// ---- Google-style errors ----

function googleError(code: number, status: string, message: string, details?: unknown[]): FakeGeminiReply {
  return { status: code, json: { error: { code, message, status, ...(details ? { details } : {}) } } };
}

function invalidArgument(message: string): FakeGeminiReply {
  return googleError(400, 'INVALID_ARGUMENT', message);
}

// ---- Field validation: the v1beta request messages, by field name ----

type Shape = { readonly [field: string]: Shape | 'value' };

const VALUE = 'value' as const;
const BLOB: Shape = { mimeType: VALUE, data: VALUE };
const PART: Shape = {
  text: VALUE,
  thought: VALUE,
  thoughtSignature: VALUE,
  inlineData: BLOB,
  fileData: { mimeType: VALUE, fileUri: VALUE, displayName: VALUE },
  functionCall: { id: VALUE, name: VALUE, args: VALUE },
  functionResponse: { id: VALUE, name: VALUE, response: VALUE, willContinue: VALUE, scheduling: VALUE },
  executableCode: VALUE,
  codeExecutionResult: VALUE,
  videoMetadata: VALUE,
};
const CONTENT: Shape = { role: VALUE, parts: PART };
const GENERATION_CONFIG: Shape = {
  stopSequences: VALUE,
  responseMimeType: VALUE,
  responseSchema: VALUE,
  responseJsonSchema: VALUE,
  responseModalities: VALUE,
  candidateCount: VALUE,
  maxOutputTokens: VALUE,
  temperature: VALUE,
  topP: VALUE,
  topK: VALUE,
  seed: VALUE,
  presencePenalty: VALUE,
  frequencyPenalty: VALUE,
  responseLogprobs: VALUE,
  logprobs: VALUE,
  enableEnhancedCivicAnswers: VALUE,
  speechConfig: VALUE,
  mediaResolution: VALUE,
  thinkingConfig: { includeThoughts: VALUE, thinkingBudget: VALUE, thinkingLevel: VALUE },
};
const GENERATE_CONTENT: Shape = {
  model: VALUE,
  contents: CONTENT,
  systemInstruction: CONTENT,
  tools: {
    functionDeclarations: {
      name: VALUE,
      description: VALUE,
      behavior: VALUE,
      parameters: VALUE,
      parametersJsonSchema: VALUE,
      response: VALUE,
      responseJsonSchema: VALUE,
    },
    googleSearch: VALUE,
    googleSearchRetrieval: VALUE,
    codeExecution: VALUE,
    urlContext: VALUE,
  },
  toolConfig: { functionCallingConfig: { mode: VALUE, allowedFunctionNames: VALUE } },
  safetySettings: { category: VALUE, threshold: VALUE },
  generationConfig: GENERATION_CONFIG,
  cachedContent: VALUE,
};
const EMBED_CONTENT: Shape = { model: VALUE, content: CONTENT, taskType: VALUE, title: VALUE, outputDimensionality: VALUE };
const BATCH_EMBED_CONTENTS: Shape = { requests: EMBED_CONTENT };

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Returns Gemini's own message for the first unknown field, or undefined. */
function unknownField(value: unknown, shape: Shape, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unknownField(value[i], shape, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const rule = shape[key];
    if (!rule) {
      const at = path ? ` at '${path}'` : '';
      return `Invalid JSON payload received. Unknown name "${key}"${at}: Cannot find field.`;
    }
    if (rule !== VALUE) {
      const found = unknownField(child, rule, path ? `${path}.${snake(key)}` : snake(key));
      if (found) return found;
    }
  }
  return undefined;
}

// ---- Semantic checks Gemini makes ----

function checkContents(contents: unknown, model: string): string | undefined {
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of contents.entries()) {
    if (c.role !== undefined && c.role !== 'user' && c.role !== 'model') return 'Please use a valid role: user, model.';
    if (!Array.isArray(c.parts) || c.parts.length === 0)
      return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    for (const [j, p] of c.parts.entries()) {
      if (p.text === '')
        return 'Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again.';
      const response = p.functionResponse?.response;
      if (p.functionResponse && (typeof response !== 'object' || response === null || Array.isArray(response))) {
        return `Invalid value at 'contents[${i}].parts[${j}].function_response.response' (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(response)}`;
      }
    }
  }
  if (model.startsWith('gemini-3')) return checkThoughtSignatures(contents);
  return undefined;
}

/**
 * Gemini 3 validates the current turn: every model step after the last user message that is not
 * only function responses must carry a signature on its first function call.
 */
function checkThoughtSignatures(contents: any[]): string | undefined {
  let start = 0;
  contents.forEach((c, i) => {
    if (c.role !== 'model' && c.parts.some((p: any) => !p.functionResponse)) start = i + 1;
  });
  for (let i = start; i < contents.length; i++) {
    const c = contents[i];
    if (c.role !== 'model') continue;
    const firstCall = c.parts.find((p: any) => p.functionCall);
    if (firstCall && !firstCall.thoughtSignature) {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`${firstCall.functionCall.name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
  }
  return undefined;
}

function checkGenerateContent(body: any, model: string): string | undefined {
  for (const tool of body.tools ?? []) {
    for (const fd of tool.functionDeclarations ?? []) {
      if (fd.parameters && fd.parametersJsonSchema) return 'parameters and parameters_json_schema are mutually exclusive';
    }
  }
  const gc = body.generationConfig;
  if (gc?.responseJsonSchema && gc.responseSchema) return 'response_schema and response_json_schema are mutually exclusive';
  if ((gc?.responseJsonSchema || gc?.responseSchema) && gc.responseMimeType !== 'application/json') {
    return 'response_mime_type must be application/json when a response schema is set';
  }
  return checkContents(body.contents, model);
}

// ---- Default behaviour: echo the last user text; deterministic embeddings ----

function lastUserText(body: any): string {
  for (let i = (body.contents?.length ?? 0) - 1; i >= 0; i--) {
    const c = body.contents[i];
    if (c.role === 'model') continue;
    const text = c.parts
      .map((p: any) => p.text ?? '')
      .join('')
      .trim();
    if (text) return text;
  }
  return '';
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A four-dimensional vector that depends only on the text. */
export function fakeEmbedding(text: string): number[] {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return [text.length / 100, (h % 1000) / 1000, ((h >>> 10) % 1000) / 1000, ((h >>> 20) % 1000) / 1000];
}

function defaultReply(req: FakeGeminiRequest, responseId: string): FakeGeminiReply {
  if (req.method === 'embedContent') return { json: { embedding: { values: fakeEmbedding(req.body.content.parts[0].text) } } };
  if (req.method === 'batchEmbedContents') {
    return { json: { embeddings: req.body.requests.map((r: any) => ({ values: fakeEmbedding(r.content.parts[0].text) })) } };
  }
  const prompt = lastUserText(req.body);
  const answer = `You said: ${prompt}`;
  const promptTokens = tokens(JSON.stringify(req.body.contents));
  const usage = (text: string) => ({
    promptTokenCount: promptTokens,
    candidatesTokenCount: tokens(text),
    totalTokenCount: promptTokens + tokens(text),
  });
  const envelope = { modelVersion: req.model, responseId };
  if (req.method === 'generateContent') {
    return {
      json: {
        candidates: [{ content: { parts: [{ text: answer }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: usage(answer),
        ...envelope,
      },
    };
  }
  const words = answer.split(/(?<= )/);
  let sent = '';
  return {
    sse: words.map((w, i) => {
      sent += w;
      const last = i === words.length - 1;
      return {
        candidates: [{ content: { parts: [{ text: w }], role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
        usageMetadata: usage(sent),
        ...envelope,
      };
    }),
  };
}

// ---- Server ----

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;
const SHAPES: Record<string, Shape> = {
  generateContent: GENERATE_CONTENT,
  streamGenerateContent: GENERATE_CONTENT,
  embedContent: EMBED_CONTENT,
  batchEmbedContents: BATCH_EMBED_CONTENTS,
};

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: any } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

async function send(res: ServerResponse, reply: FakeGeminiReply, sse: boolean): Promise<void> {
  if ('raw' in reply) {
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' });
    res.end(reply.raw);
    return;
  }
  if ('sse' in reply) {
    if (!sse) {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(reply.sse));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of reply.sse) {
      if (!res.write(`data: ${JSON.stringify(event)}\r\n\r\n`)) await once(res, 'drain');
      await new Promise((r) => setImmediate(r));
    }
    res.end();
    return;
  }
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(reply.json));
}

export async function startFakeGemini(options: { apiKey: string }): Promise<FakeGemini> {
  const requests: FakeGeminiRequest[] = [];
  const queued: FakeGeminiReply[] = [];
  let handler: FakeGeminiHandler | undefined;
  let served = 0;

  const route = async (req: IncomingMessage): Promise<{ reply: FakeGeminiReply; sse: boolean }> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const sse = url.searchParams.get('alt') === 'sse';
    const match = req.method === 'POST' ? ROUTE.exec(url.pathname) : null;
    if (!match) {
      return { reply: googleError(404, 'NOT_FOUND', `Method not found: ${req.method} ${url.pathname}`), sse };
    }
    const [, model, method] = match as unknown as [string, string, string];
    const key = req.headers['x-goog-api-key'];
    if (key === undefined) {
      const message =
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
      return { reply: googleError(403, 'PERMISSION_DENIED', message), sse };
    }
    if (key !== options.apiKey) {
      return {
        reply: googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
        ]),
        sse,
      };
    }
    const parsed = await readJson(req);
    if (!parsed.ok) return { reply: invalidArgument('Invalid JSON payload received. Unexpected token.'), sse };
    const body = parsed.value;
    const unknown = unknownField(body, SHAPES[method] as Shape, '');
    if (unknown) return { reply: invalidArgument(unknown), sse };
    if (method === 'generateContent' || method === 'streamGenerateContent') {
      const problem = checkGenerateContent(body, model);
      if (problem) return { reply: invalidArgument(problem), sse };
    } else if (method === 'embedContent' && !body.content?.parts?.length) {
      return { reply: invalidArgument('* EmbedContentRequest.content: contents is not specified'), sse };
    } else if (method === 'batchEmbedContents') {
      const bad = (body.requests ?? []).findIndex((r: any) => r.model !== `models/${model}`);
      if (bad !== -1) {
        return { reply: invalidArgument(`* BatchEmbedContentsRequest.requests[${bad}].model: model must match the request model`), sse };
      }
    }
    const request: FakeGeminiRequest = { model, method, url: req.url ?? '', headers: req.headers, body };
    requests.push(request);
    served++;
    const reply = queued.shift() ?? handler?.(request) ?? defaultReply(request, `fake-response-${served}`);
    return { reply, sse };
  };

  const server: Server = createServer((req, res) => {
    route(req)
      .then(({ reply, sse }) => send(res, reply, sse))
      .catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 500, message: String(err), status: 'INTERNAL' } }));
      });
  });
  const { port, close } = await listenLocal(server);

  return {
    baseUrl: `http://127.0.0.1:${port}/v1beta`,
    requests,
    queue: (...replies) => queued.push(...replies),
    handle: (h) => {
      handler = h;
    },
    close,
  };
}
