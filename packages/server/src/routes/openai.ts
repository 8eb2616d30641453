/**
 * @module The OpenAI-compatible surface: /v1/chat/completions (JSON and SSE), /v1/embeddings,
 * /v1/models (behind `admit`, like every endpoint).
 */
import type { Gateway, PartStream, RequestContext } from '@switchyard/core';
import { ChunkEncoder } from '@switchyard/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contextFor, gatewayHeaders } from '../request-context.js';
import { type SseEncoder, sendStream } from '../stream-reply.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function chatSse(ctx: RequestContext, includeUsage: boolean): SseEncoder {
  const enc = new ChunkEncoder({
    id: `chatcmpl-${ctx.id}`,
    model: ctx.upstreamModel ?? ctx.requestedModel,
    created: Math.floor(Date.now() / 1000),
    includeUsage,
  });
  let failed = false;
  return {
    batch(parts) {
      let out = '';
      for (const part of parts) {
        if (part.type === 'error') {
          failed = true;
          out += `data: ${JSON.stringify(part.error.toJSON())}\n\n`;
        } else out += enc.sse(part);
      }
      return out;
    },
    end() {
      const last = failed ? null : enc.usageChunk();
      return `${last ? `data: ${JSON.stringify(last)}\n\n` : ''}data: [DONE]\n\n`;
    },
  };
}

function streamChat(reply: FastifyReply, ctx: RequestContext, stream: PartStream, includeUsage: boolean): Promise<void> {
  return sendStream(reply, ctx, stream, chatSse(ctx, includeUsage), (err) => ({
    status: err.status,
    body: JSON.stringify(err.toJSON()),
  }));
}

export function openaiRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const ctx = contextFor(gateway, 'chat', request, reply);
    const result = await gateway.runChat(request.body, ctx);
    if (result.type === 'stream') {
      const opts = (request.body as { stream_options?: { include_usage?: boolean } }).stream_options;
      return streamChat(reply, ctx, result.stream, opts?.include_usage === true);
    }
    return reply.headers(gatewayHeaders(ctx)).type(JSON_TYPE).send(JSON.stringify(result.response));
  });

  app.post('/v1/embeddings', async (request, reply) => {
    const ctx = contextFor(gateway, 'embeddings', request, reply);
    const res = await gateway.runEmbeddings(request.body, ctx);
    return reply.headers(gatewayHeaders(ctx)).type(JSON_TYPE).send(JSON.stringify(res));
  });

  const models = () => JSON.stringify({ object: 'list', data: gateway.listModels() });
  app.get('/v1/models', async (request, reply) => {
    await gateway.admit(undefined, contextFor(gateway, 'models', request, reply));
    return reply.type(JSON_TYPE).send(models());
  });
  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request, reply) => {
    await gateway.admit(undefined, contextFor(gateway, 'models', request, reply));
    const m = gateway.listModels().find((x) => x.id === request.params.id);
    if (!m) {
      return reply
        .code(404)
        .type(JSON_TYPE)
        .send(
          JSON.stringify({
            error: {
              message: `The model \`${request.params.id}\` does not exist`,
              type: 'not_found_error',
              code: 'model_not_found',
              param: 'model',
            },
          }),
        );
    }
    return reply.type(JSON_TYPE).send(JSON.stringify(m));
  });
}
