/** @module One attempt against one target: build the request, apply last-mile hooks, send, check status. */
import type { RouterConfig } from '../config.js';
import type { RequestContext } from '../context.js';
import { SwitchyardError } from '../errors.js';
import type { Hooks } from '../hooks.js';
import { mapTransportError, parseMaybeJson, readBody, type UpstreamClient } from '../http/upstream-client.js';
import type { ProviderDefinition, UpstreamCall, UpstreamRequest, UpstreamResponse } from '../provider.js';
import { upstreamHttpError } from '../router/upstream-error.js';

/** A configured provider: its definition, validated options and the secrets to scrub. */
export interface ProviderInstance {
  name: string;
  def: ProviderDefinition;
  options: unknown;
  secrets: string[];
}

export interface OpenedUpstream {
  response: UpstreamResponse;
  /** Aborts the upstream request (closes the socket). */
  abort: (reason?: unknown) => void;
  /** Stops the total-time timer; the client's abort still reaches the upstream. */
  stopTimer: () => void;
  /** Stops the timer and unlinks the client signal. */
  release: () => void;
  /** The attempt's signal; its reason tells a timeout from a client abort. */
  signal: AbortSignal;
}

export class UpstreamSender {
  constructor(
    private readonly client: UpstreamClient,
    private readonly hooks: Hooks,
    private readonly router: RouterConfig,
  ) {}

  private lastMile(req: UpstreamRequest, inst: ProviderInstance, ctx: RequestContext): UpstreamRequest {
    const all = this.hooks.upstreamRequest.get('*');
    if (all?.isUsed()) req = all.call(req, ctx);
    const own = this.hooks.upstreamRequest.get(inst.name);
    if (own?.isUsed()) req = own.call(req, ctx);
    return req;
  }

  /**
   * Sends and resolves once the upstream answered with 2xx headers. Non-2xx statuses are read,
   * mapped through the provider and thrown. `totalMs` bounds the whole exchange until `release()`.
   */
  async open(
    inst: ProviderInstance,
    built: UpstreamRequest,
    ctx: RequestContext,
    signal: AbortSignal,
    call: UpstreamCall,
  ): Promise<OpenedUpstream> {
    const req = this.lastMile(built, inst, ctx);
    const ac = new AbortController();
    const onClientAbort = () => ac.abort(signal.reason);
    signal.addEventListener('abort', onClientAbort, { once: true });
    const { timeouts } = this.router;
    const timer = setTimeout(
      () =>
        ac.abort(
          new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', `Provider "${inst.name}" timed out (total)`, {
            provider: inst.name,
            retryable: true,
          }),
        ),
      timeouts.totalMs,
    );
    const stopTimer = () => clearTimeout(timer);
    const release = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onClientAbort);
    };
    const abort = (reason?: unknown) => {
      release();
      ac.abort(reason);
    };
    let response: UpstreamResponse;
    try {
      response = inst.def.transport
        ? await inst.def.transport(req, ac.signal, call)
        : await this.client.send(req, {
            signal: ac.signal,
            firstByteMs: Math.min(timeouts.firstByteMs, timeouts.totalMs),
            bodyIdleMs: timeouts.totalMs,
          });
    } catch (e) {
      release();
      if (SwitchyardError.isInstance(ac.signal.reason) && !signal.aborted) throw ac.signal.reason;
      if (SwitchyardError.isInstance(e)) throw e;
      throw mapTransportError(e, inst.name);
    }
    if (response.status >= 300) {
      try {
        const text = await readBody(response.body, 1024 * 1024);
        throw upstreamHttpError(inst.name, inst.def, response.status, parseMaybeJson(text), response.headers, inst.secrets);
      } finally {
        release();
      }
    }
    return { response, abort, stopTimer, release, signal: ac.signal };
  }

  /** A whole non-streaming exchange: returns the parsed JSON body. */
  async json(
    inst: ProviderInstance,
    built: UpstreamRequest,
    ctx: RequestContext,
    signal: AbortSignal,
    call: UpstreamCall,
  ): Promise<unknown> {
    const opened = await this.open(inst, built, ctx, signal, call);
    let text: string;
    try {
      text = await readBody(opened.response.body);
    } catch (e) {
      const reason = opened.signal.reason;
      opened.abort(e);
      if (SwitchyardError.isInstance(reason)) throw reason;
      if (SwitchyardError.isInstance(e)) throw e;
      throw mapTransportError(e, inst.name);
    } finally {
      opened.release();
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${inst.name}" sent a body that is not JSON`, {
        cause: e,
        provider: inst.name,
        retryable: true,
      });
    }
  }
}
