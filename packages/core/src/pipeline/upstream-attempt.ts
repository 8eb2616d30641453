/**
 * @module One try against one target: build the request, apply last-mile hooks, check its URL, send
 * under the request deadline, and check the answer. Every error leaves through the provider's secret
 * scrubber.
 */
import type { RouterConfig } from '../config.js';
import { contextKey, type RequestContext } from '../context.js';
import { SwitchyardError } from '../errors.js';
import type { Hooks } from '../hooks.js';
import { mapTransportError, parseMaybeJson, readBody, type UpstreamClient } from '../http/upstream-client.js';
import { parseUpstreamUrl } from '../http/url-safety.js';
import type { UpstreamCall, UpstreamRequest, UpstreamResponse } from '../provider.js';
import { upstreamHttpError } from '../router/upstream-error.js';
import type { ChatRequest } from '../schema/chat-request.js';
import type { ChatResponse } from '../schema/chat-response.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../schema/embeddings.js';
import type { ProviderInstance } from './provider-instances.js';
import type { RequestDeadline } from './request-deadline.js';
import { type StartedStream, startStream } from './stream-start.js';
import { type Expected, headerProblem, invalidResponse, isErrorObject } from './upstream-check.js';

/** Upstream timing of a request, for metrics. */
export interface UpstreamTiming {
  /** The last try, from sending until response headers: includes the wait for a free pooled socket. */
  firstByteMs: number;
}

/** `ctx.get(UPSTREAM_TIMING)` after a try reached an upstream. */
export const UPSTREAM_TIMING = contextKey<UpstreamTiming>('core.upstreamTiming');

const ERROR_BODY_LIMIT = 1024 * 1024;

function upstreamCall(inst: ProviderInstance, model: string, stream: boolean): UpstreamCall {
  return { provider: inst.name, model, options: inst.options, stream };
}

export class UpstreamSender {
  constructor(
    private readonly client: UpstreamClient,
    private readonly hooks: Hooks,
    private readonly router: RouterConfig,
  ) {}

  /** A non-streaming chat completion. */
  chat(inst: ProviderInstance, model: string, req: ChatRequest, ctx: RequestContext, deadline: RequestDeadline): Promise<ChatResponse> {
    const call = upstreamCall(inst, model, false);
    return this.scrubbed(inst, deadline, async () => {
      const json = await this.json(inst, inst.def.toUpstream(req, call), ctx, deadline, call);
      return inst.def.fromUpstream(json, call);
    });
  }

  embed(
    inst: ProviderInstance,
    model: string,
    req: EmbeddingsRequest,
    ctx: RequestContext,
    deadline: RequestDeadline,
  ): Promise<EmbeddingsResponse> {
    const call = upstreamCall(inst, model, false);
    return this.scrubbed(inst, deadline, async () => {
      const emb = inst.def.embeddings;
      if (!emb) throw new SwitchyardError('SY_ERR_UNSUPPORTED', `Provider "${inst.name}" has no embeddings`);
      const json = await this.json(inst, emb.toUpstream(req, call), ctx, deadline, call);
      return emb.fromUpstream(json, call, req);
    });
  }

  /** A stream whose first events were read and checked; nothing is committed to the client yet. */
  stream(inst: ProviderInstance, model: string, req: ChatRequest, ctx: RequestContext, deadline: RequestDeadline): Promise<StartedStream> {
    const call = upstreamCall(inst, model, true);
    return this.scrubbed(inst, deadline, async () => {
      const res = await this.send(inst, inst.def.toUpstream(req, call), ctx, deadline, call, inst.def.streamFormat ?? 'sse');
      deadline.watchIdle(this.router.timeouts.streamIdleMs);
      return startStream(inst, call, res, deadline, this.router.maxResponseBytes);
    });
  }

  /** Runs a try. A failed try ends its upstream exchange (an unread body would hold its socket). */
  private async scrubbed<T>(inst: ProviderInstance, deadline: RequestDeadline, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      deadline.endTry();
      throw SwitchyardError.isInstance(e) ? inst.scrubber.error(e) : e;
    }
  }

  private lastMile(req: UpstreamRequest, inst: ProviderInstance, ctx: RequestContext): UpstreamRequest {
    const all = this.hooks.upstreamRequest.get('*');
    if (all?.isUsed()) req = all.call(req, ctx);
    const own = this.hooks.upstreamRequest.get(inst.name);
    if (own?.isUsed()) req = own.call(req, ctx);
    return req;
  }

  /**
   * Sends and resolves once the upstream answered with 2xx headers that fit `expected`. Non-2xx
   * answers are read (bounded), mapped through the provider and thrown.
   */
  private async send(
    inst: ProviderInstance,
    built: UpstreamRequest,
    ctx: RequestContext,
    deadline: RequestDeadline,
    call: UpstreamCall,
    expected: Expected,
  ): Promise<UpstreamResponse> {
    const req = this.lastMile(built, inst, ctx);
    const url = parseUpstreamUrl(req.url, inst.name);
    const sentAt = performance.now();
    const signal = deadline.beginTry(inst.name, this.router.timeouts.firstByteMs);
    let res: UpstreamResponse;
    try {
      res = inst.def.transport
        ? await inst.def.transport(req, signal, call)
        : await this.client.send(req, url, { signal, connections: inst.connections });
    } catch (e) {
      throw deadline.timedOut ?? (SwitchyardError.isInstance(e) ? e : mapTransportError(e, inst.name));
    }
    deadline.gotHeaders();
    ctx.set(UPSTREAM_TIMING, { firstByteMs: performance.now() - sentAt });
    if (res.status >= 300) {
      const text = await this.read(inst, res.body, ERROR_BODY_LIMIT, deadline);
      throw upstreamHttpError(inst.name, inst.def, res.status, parseMaybeJson(text ?? ''), res.headers, inst.scrubber);
    }
    const problem = headerProblem(res.headers, expected);
    if (problem) throw invalidResponse(inst, problem, undefined, res.status);
    return res;
  }

  private async read(inst: ProviderInstance, body: AsyncIterable<Uint8Array>, limit: number, deadline: RequestDeadline) {
    try {
      return await readBody(body, limit);
    } catch (e) {
      throw deadline.timedOut ?? (SwitchyardError.isInstance(e) ? e : mapTransportError(e, inst.name));
    }
  }

  /** A whole non-streaming exchange: the parsed JSON body of a 2xx answer that is not an error report. */
  private async json(
    inst: ProviderInstance,
    built: UpstreamRequest,
    ctx: RequestContext,
    deadline: RequestDeadline,
    call: UpstreamCall,
  ): Promise<unknown> {
    const res = await this.send(inst, built, ctx, deadline, call, 'json');
    const limit = this.router.maxResponseBytes;
    const text = await this.read(inst, res.body, limit, deadline);
    if (text === undefined) throw invalidResponse(inst, `a body larger than ${limit} bytes`, undefined, res.status);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalidResponse(inst, 'a body that is not JSON', text.slice(0, 4096), res.status);
    }
    // The upstream's own words stay in upstreamBody for diagnostics; they are not a success to relay.
    if (isErrorObject(body)) throw invalidResponse(inst, 'an error report', body, res.status);
    return body;
  }
}
