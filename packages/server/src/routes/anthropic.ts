/**
 * @module The Anthropic-compatible surface: `POST /v1/messages` (JSON and the full SSE event
 * sequence) and `/v1/messages/count_tokens`. Requests are translated to the canonical format and
 * routed exactly like `/v1/chat/completions`; every error answers in Anthropic's shape.
 */
import { estimateUsage, type Gateway, type PartStream, type RequestContext } from '@switchyard/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  anthropicPromptToCanonical,
  anthropicToCanonical,
  canonicalToAnthropicMessage,
  countTokensEstimate,
  createAnthropicEventEncoder,
  parseCountTokensRequest,
  parseMessagesRequest,
  toAnthropicError,
} from '../anthropic/index.js';
import { toHttpError } from '../http-errors.js';
import { contextFor, gatewayHeaders } from '../request-context.js';
import { SSE_HEADERS, writeSse } from '../sse.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const e = toAnthropicError(toHttpError(err), request.id);
  const headers = request.syCtx ? gatewayHeaders(request.syCtx) : { 'x-request-id': request.id };
  return reply
    .code(e.status)
    .headers({ ...headers, ...e.headers })
    .type(JSON_TYPE)
    .send(JSON.stringify(e.body));
}

async function streamMessages(
  reply: FastifyReply,
  ctx: RequestContext,
  stream: PartStream,
  model: string,
  inputTokens: number,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...SSE_HEADERS, ...gatewayHeaders(ctx) });
  const enc = createAnthropicEventEncoder({ model, inputTokens, requestId: ctx.id });
  try {
    for await (const batch of stream) {
      let out = '';
      for (const part of batch) out += enc.encode(part);
      if (out && !(await writeSse(res, out))) return;
    }
    if (await writeSse(res, enc.end())) res.end();
  } catch {
    // The client left; the upstream was aborted on its behalf.
  } finally {
    await stream.return();
    if (!res.writableEnded) res.destroy();
  }
}

export function anthropicRoutes(app: FastifyInstance, gateway: Gateway): void {
  const errorHandler = (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendError(err, request, reply);

  app.post('/v1/messages', { errorHandler }, async (request, reply) => {
    const ctx = contextFor(gateway, 'messages', request, reply);
    const body = parseMessagesRequest(request.body);
    const result = await gateway.runChat(anthropicToCanonical(body), ctx);
    if (result.type === 'stream') {
      return streamMessages(reply, ctx, result.stream, body.model, countTokensEstimate(body).input_tokens);
    }
    return reply
      .headers(gatewayHeaders(ctx))
      .type(JSON_TYPE)
      .send(JSON.stringify(canonicalToAnthropicMessage(result.response, body.model)));
  });

  app.post('/v1/messages/count_tokens', { errorHandler }, async (request, reply) => {
    const body = parseCountTokensRequest(request.body);
    const prompt = anthropicPromptToCanonical(body);
    // The same tokenizer the gateway uses when upstreams report no usage.
    const usage = await estimateUsage({ model: body.model, ...prompt } as Parameters<typeof estimateUsage>[0], '');
    return reply.type(JSON_TYPE).send(JSON.stringify({ input_tokens: usage.prompt_tokens }));
  });
}
