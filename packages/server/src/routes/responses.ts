/**
 * @module The OpenAI Responses surface: `POST /v1/responses` (JSON and the typed event stream),
 * `GET` and `DELETE /v1/responses/{id}`. Requests are translated to the canonical format and routed
 * exactly like `/v1/chat/completions` (`gateway.runChat`, endpoint `responses`); a Responses-native
 * upstream (OpenAI) gets the request as sent and keeps state itself, for every other provider the
 * gateway keeps the conversation (see `server.responses`). Errors are OpenAI error JSON.
 */
import {
  type AssistantMessage,
  type ChatMessage,
  type Gateway,
  type PartStream,
  type Principal,
  type RequestContext,
  SwitchyardError,
} from '@switchyard/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contextFor, gatewayHeaders } from '../request-context.js';
import { canonicalToResponse } from '../responses/canonical-to-response.js';
import { ConversationState, responseNotFound } from '../responses/conversation-state.js';
import { ResponseEventEncoder } from '../responses/response-event-encoder.js';
import { type Json, mintId, responseSkeleton } from '../responses/response-object.js';
import type { ResponsesConfig } from '../responses/responses-config.js';
import { parseResponsesRequest, type ResponsesRequest } from '../responses/responses-request-schema.js';
import { responsesToCanonical, type TranslatedRequest } from '../responses/responses-to-canonical.js';
import { createResponseStore } from '../responses/store/create-response-store.js';
import { SSE_HEADERS, writeSse } from '../sse.js';

const JSON_TYPE = 'application/json; charset=utf-8';

type Save = (response: Json, message: AssistantMessage) => Promise<void>;

/**
 * What only a Responses-native upstream can serve must find one among the model's targets; the
 * caller is told which field needs it. Unknown models are left to routing (404 `model_not_found`).
 */
function requireNative(gateway: Gateway, body: ResponsesRequest, native: TranslatedRequest['native']): void {
  const targets = gateway.routeTargets(body.model);
  if (targets.length === 0 || targets.some((t) => gateway.providerCapabilities(t.provider)?.responses)) return;
  if (native.some((n) => n.param === 'previous_response_id')) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `Previous response with id '${body.previous_response_id}' not found.`, {
      apiCode: 'previous_response_not_found',
      param: 'previous_response_id',
    });
  }
  const first = native[0] as TranslatedRequest['native'][0];
  throw new SwitchyardError(
    'SY_ERR_UNSUPPORTED',
    `${first.reason} needs an OpenAI Responses upstream; no target of \`${body.model}\` is one`,
    {
      param: first.param,
    },
  );
}

async function streamResponse(
  reply: FastifyReply,
  ctx: RequestContext,
  stream: PartStream,
  enc: ResponseEventEncoder,
  save: Save | undefined,
) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...SSE_HEADERS, ...gatewayHeaders(ctx) });
  try {
    for await (const batch of stream) {
      let out = '';
      for (const part of batch) out += enc.encode(part);
      if (out && !(await writeSse(res, out))) return;
    }
    if (enc.ended) {
      res.end();
      return;
    }
    const { events, response } = enc.close();
    // Stored before the terminal event, so a client may continue from it as soon as it is told.
    if (save) await save(response, enc.message());
    if (await writeSse(res, events + enc.terminal(response))) res.end();
  } catch {
    // The client left; the upstream was aborted on its behalf.
  } finally {
    await stream.return();
    if (!res.writableEnded) res.destroy();
  }
}

/** The conversation a stored turn continues from: everything but this request's instructions. */
function conversationOf(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => !(m as { responses_instructions?: unknown }).responses_instructions);
}

export function responsesRoutes(app: FastifyInstance, gateway: Gateway, config: ResponsesConfig): void {
  let state: ConversationState | undefined;
  app.addHook('onReady', async () => {
    const store = await createResponseStore(config, gateway.logger);
    await store?.open();
    state = new ConversationState(gateway, store, config, gateway.logger);
    if (store && store.kind !== 'memory') {
      gateway.addHealthCheck(
        `responses-store:${store.kind}`,
        async () => {
          try {
            await store.ping();
            return { ok: true };
          } catch (e) {
            return { ok: false, detail: (e as Error).message };
          }
        },
        { critical: false },
      );
    }
  });
  app.addHook('onClose', async () => {
    await state?.store?.close();
  });
  const ready = (): ConversationState => {
    if (!state) throw new SwitchyardError('SY_ERR_SHUTTING_DOWN', 'The server is not ready');
    return state;
  };

  app.post('/v1/responses', async (request, reply) => {
    const body = parseResponsesRequest(request.body);
    if (body.background === true) {
      throw new SwitchyardError('SY_ERR_UNSUPPORTED', 'background responses are not supported by this gateway', { param: 'background' });
    }
    const st = ready();
    const ctx = contextFor(gateway, 'responses', request, reply);
    let principal: Principal | undefined;
    let history: ChatMessage[] | undefined;
    if (body.previous_response_id && st.store) {
      principal = await st.principal(request);
      history = (await st.load(st.tenant(principal), body.previous_response_id))?.messages;
    }
    const { request: canonical, native } = responsesToCanonical(body, { history });
    if (canonical.messages.length === 0) {
      throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'Invalid request: input is required', { param: 'input' });
    }
    if (native.length) {
      // Admission first: which targets an alias has is nobody's business before they are let in.
      principal ??= await st.principal(request);
      requireNative(gateway, body, native);
      ctx.requires = { responses: native.map((n) => n.reason).join(', ') };
    }
    const result = await gateway.runChat(canonical, ctx);
    const upstreamKeeps = ctx.provider !== undefined && gateway.providerCapabilities(ctx.provider)?.responses === true;
    const keep = !upstreamKeeps && body.store !== false && st.store !== undefined;
    const skeleton = responseSkeleton(body, {
      id: upstreamKeeps ? '' : mintId('resp'),
      model: ctx.upstreamModel ?? body.model,
      createdAt: Math.floor(Date.now() / 1000),
      store: upstreamKeeps ? body.store !== false : keep,
    });
    const before = keep ? conversationOf(canonical.messages) : [];
    const save: Save | undefined = keep
      ? (response, message) => st.save(st.tenant(ctx.principal), response, [...before, message])
      : undefined;
    if (result.type === 'stream') {
      return streamResponse(reply, ctx, result.stream, new ResponseEventEncoder({ skeleton, upstreamId: upstreamKeeps }), save);
    }
    const { response, message } = canonicalToResponse(result.response, skeleton);
    if (save) await save(response, message);
    return reply.headers(gatewayHeaders(ctx)).type(JSON_TYPE).send(JSON.stringify(response));
  });

  app.get<{ Params: { id: string }; Querystring: { stream?: string } }>('/v1/responses/:id', async (request, reply) => {
    if (request.query.stream === 'true') {
      throw new SwitchyardError('SY_ERR_UNSUPPORTED', 'streaming a stored response is not supported by this gateway', { param: 'stream' });
    }
    const st = ready();
    const principal = await st.principal(request);
    const record = await st.load(st.tenant(principal), request.params.id);
    if (!record) throw responseNotFound(request.params.id);
    return reply.header('x-request-id', request.id).type(JSON_TYPE).send(JSON.stringify(record.response));
  });

  app.delete<{ Params: { id: string } }>('/v1/responses/:id', async (request, reply) => {
    const st = ready();
    const principal = await st.principal(request);
    const id = request.params.id;
    if (!(await st.delete(st.tenant(principal), id))) throw responseNotFound(id);
    return reply
      .header('x-request-id', request.id)
      .type(JSON_TYPE)
      .send(JSON.stringify({ id, object: 'response', deleted: true }));
  });
}
