/** @module The OpenAI-compatible surface: /v1/chat/completions (JSON and SSE), /v1/embeddings, /v1/models. */
import type { Gateway, PartStream, RequestContext } from '@switchyard/core';
import { ChunkEncoder } from '@switchyard/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contextFor, gatewayHeaders } from '../request-context.js';
import { SSE_HEADERS, writeSse } from '../sse.js';

const JSON_TYPE = 'application/json; charset=utf-8';

async function streamChat(reply: FastifyReply, ctx: RequestContext, stream: PartStream, includeUsage: boolean): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...SSE_HEADERS, ...gatewayHeaders(ctx) });
  const enc = new ChunkEncoder({
    id: `chatcmpl-${ctx.id}`,
    model: ctx.upstreamModel ?? ctx.requestedModel,
    created: Math.floor(Date.now() / 1000),
    includeUsage,
  });
  let failed = false;
  try {
    for await (const batch of stream) {
      let out = '';
      for (const part of batch) {
        if (part.type === 'error') {
          failed = true;
          out += `data: ${JSON.stringify(part.error.toJSON())}\n\n`;
        } else out += enc.sse(part);
      }
      if (out && !(await writeSse(res, out))) return;
    }
    let tail = '';
    const last = failed ? null : enc.usageChunk();
    if (last) tail += `data: ${JSON.stringify(last)}\n\n`;
    tail += 'data: [DONE]\n\n';
    if (await writeSse(res, tail)) res.end();
  } catch {
    // The client left or the upstream was aborted on its behalf: nothing more to send.
  } finally {
    await stream.return();
    if (!res.writableEnded) res.destroy();
  }
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
  app.get('/v1/models', async (_request, reply) => reply.type(JSON_TYPE).send(models()));
  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request, reply) => {
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
