/**
 * @module The Anthropic-compatible surface: `POST /v1/messages` (JSON and the full SSE event
 * sequence) and `/v1/messages/count_tokens` (behind `admit`; counted in linear, bounded time).
 * Requests are translated to the canonical format and routed exactly like `/v1/chat/completions`;
 * every error answers in Anthropic's shape.
 */
import { type ChatRequest, estimateUsage, type Gateway, type PartStream, type RequestContext } from '@switchyard/core';
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
import { beforeEarlyAnswer } from '../body-linger.js';
import { headerValues } from '../header-values.js';
import { errorReplyHeaders, toHttpError } from '../http-errors.js';
import { contextFor, gatewayHeaders } from '../request-context.js';
import { sendStream } from '../stream-reply.js';

const JSON_TYPE = 'application/json; charset=utf-8';

async function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const sy = toHttpError(err);
  await beforeEarlyAnswer(sy, request, reply);
  const e = toAnthropicError(sy, request.id);
  const headers = errorReplyHeaders(err, request, reply);
  return reply
    .code(e.status)
    .headers({ ...headers, ...headerValues(e.headers) })
    .type(JSON_TYPE)
    .send(JSON.stringify(e.body));
}

function streamMessages(reply: FastifyReply, ctx: RequestContext, stream: PartStream, model: string, inputTokens: number) {
  const enc = createAnthropicEventEncoder({ model, inputTokens, requestId: ctx.id });
  return sendStream(
    reply,
    ctx,
    stream,
    {
      batch(parts) {
        let out = '';
        for (const part of parts) out += enc.encode(part);
        return out;
      },
      end: () => enc.end(),
    },
    (err) => {
      const e = toAnthropicError(err, ctx.id);
      return { status: e.status, body: JSON.stringify(e.body) };
    },
  );
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
    const ctx = contextFor(gateway, 'count_tokens', request, reply);
    const body = parseCountTokensRequest(request.body);
    const prompt = { model: body.model, ...anthropicPromptToCanonical(body) } as ChatRequest;
    await gateway.admit(prompt, ctx);
    // The count the gateway uses when upstreams report no usage: linear, bounded, yields on long prompts.
    const usage = await estimateUsage(prompt, '');
    return reply
      .headers(gatewayHeaders(ctx))
      .type(JSON_TYPE)
      .send(JSON.stringify({ input_tokens: usage.prompt_tokens }));
  });
}
