/**
 * @module The Gateway: lifecycle (plugins, providers, ready/close), the request pipeline of
 * DESIGN.md, and the in-process client API (`chat`, `chatStream`, `embed`).
 */
import { randomUUID } from 'node:crypto';
import { type AwilixContainer, asValue, createContainer, InjectionMode } from 'awilix';
import { type GatewayConfig, type GatewayConfigInput, GatewayConfigSchema } from './config.js';
import { type Endpoint, isModelEndpoint, type Principal, RequestContext } from './context.js';
import { SwitchyardError, toSwitchyardError } from './errors.js';
import { type AdminAuthorizer, ExtensionRegistry, type GatewayCommand, type GatewayRoute, type HealthCheck } from './extension-registry.js';
import { type Active, activeHooks, guardHooks } from './hook-guard.js';
import { createHooks, type GatewayRequest, type GatewayResponse, type Hooks, type Outcome, type RoutePlan } from './hooks.js';
import { type PoolStats, UpstreamClient } from './http/upstream-client.js';
import { type Logger, silentLogger } from './logger.js';
import { requiredCapabilities } from './pipeline/capabilities.js';
import { type PartStream, type StreamEnd, staticPartStream, upstreamPartStream } from './pipeline/part-stream.js';
import { instantiateProviders, type ProviderInstance } from './pipeline/provider-instances.js';
import { abandonStream } from './pipeline/stream-start.js';
import { UpstreamSender } from './pipeline/upstream-attempt.js';
import { validateChatRequest, validateEmbeddingsRequest } from './pipeline/validate.js';
import { type PluginDefinition, type PluginRegistration, resolvePlugins } from './plugin.js';
import type { Capabilities, ProviderDefinition } from './provider.js';
import { CircuitBreaker, type CircuitState } from './router/circuit-breaker.js';
import { Executor, targetKey } from './router/executor.js';
import { RoutePlanner } from './router/route-plan.js';
import type { ChatRequest } from './schema/chat-request.js';
import type { ChatChunk, ChatResponse } from './schema/chat-response.js';
import { type EmbeddingsRequest, type EmbeddingsResponse, encodeEmbeddingBase64 } from './schema/embeddings.js';
import type { StreamPart } from './schema/stream-part.js';
import { StreamAssembler } from './stream/assemble.js';
import { chatChunks } from './stream/chat-chunks.js';
import { responseToParts } from './stream/openai-chunks.js';
import { estimateUsage, type OutputText, responseText } from './usage/estimate-usage.js';
import { formatZodError } from './validation.js';

export type PluginEntry = PluginDefinition | readonly [PluginDefinition, unknown];

/** What `admit` taps see for a request without a model (listing models): `model` is empty. */
export const NO_MODEL_REQUEST: ChatRequest = Object.freeze({ model: '', messages: [] }) as unknown as ChatRequest;

export interface GatewayOptions {
  config: GatewayConfigInput;
  /** Provider types available to `providers:` in config. */
  providers?: readonly ProviderDefinition[];
  /** Plugins to apply; options come from the tuple, else from `config.plugins[name]`, else `{}`. */
  plugins?: readonly PluginEntry[];
  logger?: Logger;
}

/** What a host gets back for a chat request: a whole response, or a stream of part batches. */
export type ChatResult = { type: 'response'; response: ChatResponse } | { type: 'stream'; stream: PartStream };

export interface CallInit {
  id?: string;
  headers?: Record<string, string | string[] | undefined>;
  signal?: AbortSignal;
  principal?: Principal;
}

export class Gateway {
  readonly hooks: Hooks<Gateway> = createHooks<Gateway>();
  readonly config: GatewayConfig;
  readonly container: AwilixContainer;
  readonly logger: Logger;
  private readonly providerTypes = new Map<string, ProviderDefinition>();
  private readonly providers = new Map<string, ProviderInstance>();
  private readonly registrations: PluginRegistration[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly completed = new WeakSet<RequestContext>();
  private readonly breaker: CircuitBreaker;
  private readonly planner: RoutePlanner;
  private readonly client: UpstreamClient;
  private readonly sender: UpstreamSender;
  private readonly executor: Executor;
  private active: Active | undefined;
  private assemble = false;
  private state: 'new' | 'booting' | 'ready' | 'closed' = 'new';

  constructor(options: GatewayOptions) {
    const parsed = GatewayConfigSchema.safeParse(options.config);
    if (!parsed.success) {
      throw new SwitchyardError('SY_ERR_CONFIG', `Invalid gateway config: ${formatZodError(parsed.error)}`, { cause: parsed.error });
    }
    this.config = parsed.data;
    this.logger = options.logger ?? silentLogger;
    for (const def of options.providers ?? []) this.registerProvider(def);
    for (const entry of options.plugins ?? []) {
      const [plugin, opts] = Array.isArray(entry) ? entry : [entry as PluginDefinition, undefined];
      this.use(plugin as PluginDefinition, opts);
    }
    const router = this.config.router;
    this.breaker = new CircuitBreaker(router.circuitBreaker);
    this.planner = new RoutePlanner(this.config);
    this.client = new UpstreamClient({ connectTimeoutMs: router.timeouts.connectMs, connections: router.connections });
    this.sender = new UpstreamSender(this.client, this.hooks as Hooks, router);
    this.executor = new Executor(router, this.breaker, this.hooks as Hooks, () => this.active?.upstreamError ?? true);
    this.container = createContainer({ injectionMode: InjectionMode.PROXY, strict: true });
    this.container.register({
      gateway: asValue(this),
      config: asValue(this.config),
      logger: asValue(this.logger),
      hooks: asValue(this.hooks),
      upstreamAgent: asValue(this.client.agent),
    });
    guardHooks(this.hooks, () => this.state === 'ready' || this.state === 'closed');
  }

  /** Makes a provider type available. Before `ready()` only. */
  registerProvider(def: ProviderDefinition): this {
    this.assertNotBooted('registerProvider');
    this.providerTypes.set(def.type, def);
    return this;
  }

  /** Adds a plugin. Options default to `config.plugins[plugin.name]`. Before `ready()` only. */
  use(plugin: PluginDefinition, options?: unknown): this {
    this.assertNotBooted('use');
    this.registrations.push({ plugin, options: options ?? this.config.plugins[plugin?.name] ?? {} });
    return this;
  }

  /** Plugins that need whole stream responses in `complete` (audit, cache store) call this in `apply`. */
  assembleStreams(): void {
    this.assemble = true;
  }

  /** Readiness checks, HTTP routes, the admin authorizer and CLI commands that plugins add. */
  readonly extensions = new ExtensionRegistry();

  /** See ExtensionRegistry.addHealthCheck. */
  addHealthCheck(name: string, check: HealthCheck, options: { critical?: boolean } = {}): void {
    this.extensions.addHealthCheck(name, check, options);
  }

  health(): ReturnType<ExtensionRegistry['health']> {
    return this.extensions.health(this.state === 'ready');
  }

  /** Adds an HTTP route for the host to mount (before `ready()` completes). */
  addRoute(route: GatewayRoute): void {
    this.extensions.addRoute(route);
  }

  routes(): readonly GatewayRoute[] {
    return this.extensions.routes;
  }

  /** Sets who may use `access: 'admin'` routes. Without one, admin routes are refused. */
  setAdminAuthorizer(authorizer: AdminAuthorizer): void {
    this.extensions.adminAuthorizer = authorizer;
  }

  authorizeAdmin(headers: Record<string, string | string[] | undefined>): Promise<boolean> {
    return this.extensions.authorizeAdmin(headers);
  }

  /**
   * Declares that every request without credentials is refused: an auth plugin calls this in `apply`
   * unless it admits anonymous callers. Hosts read `credentialsRequiredBy()` to refuse serving beyond
   * loopback when nothing requires credentials. Core names no plugin; `by` is the caller's name.
   */
  requireCredentials(by: string): void {
    this.assertNotReady('requireCredentials');
    if (!this.extensions.credentialsRequiredBy.includes(by)) this.extensions.credentialsRequiredBy.push(by);
  }

  /** The plugins that declared `requireCredentials`; empty when anonymous callers are served. */
  credentialsRequiredBy(): readonly string[] {
    return this.extensions.credentialsRequiredBy;
  }

  /** Adds a CLI command (`switchyard <name>`). */
  addCommand(command: GatewayCommand): void {
    this.extensions.addCommand(command);
  }

  command(name: string): GatewayCommand | undefined {
    return this.extensions.commands.get(name);
  }

  commands(): GatewayCommand[] {
    return [...this.extensions.commands.values()];
  }

  /** The targets a requested model may route to, before any `route` tap reorders them (budgets, price checks). */
  routeTargets(model: string): { provider: string; model: string }[] {
    return this.planner.targets(model);
  }

  /** The `type:` of a configured provider (e.g. `openai` for a provider named `primary`). */
  providerType(name: string): string | undefined {
    return this.providers.get(name)?.def.type ?? this.config.providers[name]?.type;
  }

  /** Upstream socket pools per origin, for metrics: `queued` requests wait for a free socket. */
  upstreamPools(): Record<string, PoolStats> {
    return this.client.stats();
  }

  /** What a configured provider can serve (e.g. whether it speaks OpenAI Responses natively). */
  providerCapabilities(name: string): Readonly<Capabilities> | undefined {
    return this.providers.get(name)?.def.capabilities;
  }

  /** Circuit state per target, for health reporting. */
  circuits(): Record<string, CircuitState> {
    const out: Record<string, CircuitState> = {};
    for (const alias of Object.values(this.config.models)) {
      for (const t of alias.targets) out[targetKey(t)] = this.breaker.state(targetKey(t));
    }
    return out;
  }

  private assertNotReady(what: string): void {
    if (this.state === 'ready' || this.state === 'closed') {
      throw new SwitchyardError('SY_ERR_HOOKS_SEALED', `${what}() must be called before ready() completes`);
    }
  }

  private assertNotBooted(what: string): void {
    if (this.state !== 'new') throw new SwitchyardError('SY_ERR_HOOKS_SEALED', `${what}() must be called before ready()`);
  }

  /** Validates providers, applies plugins in dependency order, runs `ready` taps, seals hooks. */
  async ready(): Promise<this> {
    if (this.state !== 'new') return this;
    this.state = 'booting';
    for (const [name, inst] of instantiateProviders(this.config, this.providerTypes)) this.providers.set(name, inst);
    for (const { plugin, config } of resolvePlugins(this.registrations)) {
      // Keep the validated options (e.g. secrets already hashed), not the raw interpolated ones.
      this.config.plugins[plugin.name] = config;
      await plugin.apply(this, config);
    }
    await this.hooks.ready.promise(this);
    this.seal();
    this.state = 'ready';
    return this;
  }

  private seal(): void {
    this.active = activeHooks(this.hooks);
  }

  private get on(): Active {
    if (!this.active) throw new SwitchyardError('SY_ERR_INTERNAL', 'The gateway is not ready: await gateway.ready() first');
    if (this.state === 'closed') throw new SwitchyardError('SY_ERR_SHUTTING_DOWN', 'The gateway is closed');
    return this.active;
  }

  /** A context for one request. Hosts pass the incoming headers and the client's abort signal. */
  createContext(endpoint: Endpoint, init: CallInit = {}): RequestContext {
    return new RequestContext({
      id: init.id ?? randomUUID(),
      endpoint,
      headers: init.headers,
      signal: init.signal,
      principal: init.principal,
    });
  }

  /**
   * Fires `complete` exactly once per request, off the reply path; `close()` awaits it. A stream that
   * ended without usage (aborted, failed midway) gets an estimate first, so accounting never loses it.
   */
  private finish(ctx: RequestContext, outcome: Omit<Outcome, 'durationMs'>, output?: OutputText): void {
    if (this.completed.has(ctx)) return;
    this.completed.add(ctx);
    if (!this.active?.complete) return;
    const durationMs = ctx.elapsedMs();
    const run = async () => {
      let usage = outcome.usage;
      if (!usage && output && (output.length > 0 || outcome.status !== 'error')) {
        usage = await estimateUsage(outcome.request as ChatRequest, output);
        ctx.usage = usage;
      }
      await this.hooks.complete.promise({ ...outcome, usage, durationMs }, ctx);
    };
    const p = run().catch((e) => this.logger.error({ err: e, requestId: ctx.id }, 'complete hook failed'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private fail(ctx: RequestContext, request: ChatRequest | EmbeddingsRequest | undefined, e: unknown): SwitchyardError {
    const err = toSwitchyardError(e);
    if (err.code === 'SY_ERR_INTERNAL') this.logger.error({ err: e, requestId: ctx.id }, 'internal error');
    ctx.error = err;
    if (this.active?.error) this.hooks.error.call(err, ctx);
    const aborted = err.code === 'SY_ERR_CLIENT_CLOSED';
    this.finish(ctx, { status: aborted ? 'aborted' : 'error', request, response: undefined, error: err, usage: ctx.usage });
    return err;
  }

  private provider(name: string): ProviderInstance {
    const inst = this.providers.get(name);
    if (!inst) throw new SwitchyardError('SY_ERR_CONFIG', `No provider named "${name}"`);
    return inst;
  }

  private filterPlan(plan: RoutePlan, need: readonly (keyof Capabilities)[], ctx?: RequestContext): RoutePlan {
    const requires = ctx?.requires;
    const all = requires ? [...need, ...(Object.keys(requires) as (keyof Capabilities)[])] : need;
    const targets = plan.targets.filter((t) => {
      const caps = this.provider(t.provider).def.capabilities;
      return all.every((c) => caps[c]);
    });
    if (targets.length === 0) {
      const why = requires ? ` (needed for ${Object.values(requires).join(', ')})` : '';
      throw new SwitchyardError('SY_ERR_UNSUPPORTED', `No target of \`${plan.model}\` supports ${all.join(', ')}${why}`, {
        param: 'model',
      });
    }
    return targets.length === plan.targets.length ? plan : { ...plan, targets };
  }

  private async admitAndTransform<R extends ChatRequest | EmbeddingsRequest>(req: R, ctx: RequestContext): Promise<R> {
    const on = this.on;
    if (on.admit) {
      const denial = await this.hooks.admit.promise(req, ctx);
      if (denial) throw denial;
    }
    ctx.admitted = true;
    if (on.transformRequest) req = (await this.hooks.transformRequest.promise(req, ctx)) as R;
    return req;
  }

  private async plan(model: string, ctx: RequestContext): Promise<RoutePlan> {
    const plan = this.planner.plan(model, ctx.id);
    return this.on.route ? this.hooks.route.promise(plan, ctx) : plan;
  }

  /**
   * Admits a request that makes no upstream call (counting tokens, listing models): runs the `admit`
   * taps and nothing else; a denial is thrown. As for every request, `complete` then fires once
   * (`success` without usage, or `error` for a denial), so whatever a tap reserved is released.
   * Without a request (listing models) taps see `NO_MODEL_REQUEST`: an empty `model`, no messages.
   * @example await gateway.admit(undefined, gateway.createContext('models', { headers }))
   */
  async admit(request: GatewayRequest | undefined, ctx: RequestContext): Promise<void> {
    // A model endpoint admitted alone would complete as a success with no usage: a bogus ledger row.
    if (isModelEndpoint(ctx.endpoint)) {
      throw new SwitchyardError('SY_ERR_INTERNAL', `admit() is for endpoints without model traffic, not "${ctx.endpoint}"`);
    }
    const req = request ?? NO_MODEL_REQUEST;
    try {
      if (req.model) ctx.requestedModel = req.model;
      const on = this.on;
      if (on.admit) {
        const denial = await this.hooks.admit.promise(req, ctx);
        if (denial) throw denial;
      }
      ctx.admitted = true;
      this.finish(ctx, { status: 'success', request, response: undefined, error: undefined, usage: undefined });
    } catch (e) {
      throw this.fail(ctx, request, e);
    }
  }

  /** The full chat pipeline for hosts. Errors before the first byte are thrown as SwitchyardErrors. */
  async runChat(body: unknown, ctx: RequestContext): Promise<ChatResult> {
    let req: ChatRequest | undefined;
    try {
      req = validateChatRequest(body);
      ctx.requestedModel = req.model;
      ctx.stream = req.stream === true;
      req = await this.admitAndTransform(req, ctx);
      const chatReq = req;
      if (this.on.lookup && ctx.cacheDirective !== 'no-cache') {
        const cached = await this.hooks.lookup.promise(chatReq, ctx);
        if (cached) {
          ctx.cache = cached.kind;
          return this.fromCache(chatReq, cached.response as ChatResponse, ctx);
        }
      }
      const plan = this.filterPlan(await this.plan(chatReq.model, ctx), requiredCapabilities(chatReq), ctx);
      if (ctx.stream) return { type: 'stream', stream: await this.openStream(chatReq, plan, ctx) };
      let response = await this.executor.run(plan, ctx, (target, deadline) =>
        this.sender.chat(this.provider(target.provider), target.model, chatReq, ctx, deadline),
      );
      ctx.upstreamModel = response.model || ctx.upstreamModel;
      if (!response.usage) response.usage = await estimateUsage(chatReq, responseText(response));
      ctx.usage = response.usage;
      if (this.on.transformResponse) response = (await this.hooks.transformResponse.promise(response, ctx)) as ChatResponse;
      this.finish(ctx, { status: 'success', request: chatReq, response, error: undefined, usage: response.usage });
      return { type: 'response', response };
    } catch (e) {
      throw this.fail(ctx, req, e);
    }
  }

  private async fromCache(req: ChatRequest, cached: ChatResponse, ctx: RequestContext): Promise<ChatResult> {
    ctx.usage = cached.usage;
    ctx.upstreamModel = cached.model;
    if (!ctx.stream) {
      const response = this.on.transformResponse ? ((await this.hooks.transformResponse.promise(cached, ctx)) as ChatResponse) : cached;
      this.finish(ctx, { status: 'success', request: req, response, error: undefined, usage: cached.usage });
      return { type: 'response', response };
    }
    const transformers = this.on.streamTransforms ? this.hooks.streamTransforms.call([], ctx) : [];
    const stream = staticPartStream(responseToParts(cached), ctx, transformers, this.partSink(req, ctx, cached.model));
    return { type: 'stream', stream };
  }

  private partSink(req: ChatRequest, ctx: RequestContext, model: string) {
    const observe = this.on.streamPart;
    const assembler = this.assemble ? new StreamAssembler(ctx.id, model, Math.floor(Date.now() / 1000)) : undefined;
    return {
      observe: (part: StreamPart) => {
        if (part.type === 'usage') ctx.usage = part.usage;
        else if (
          ctx.ttftMs === undefined &&
          (part.type === 'text' || part.type === 'raw' || part.type === 'tool-call' || part.type === 'reasoning')
        ) {
          ctx.ttftMs = ctx.elapsedMs();
        } else if (part.type === 'start' && part.model) ctx.upstreamModel = part.model;
        assembler?.add(part);
        if (observe) this.hooks.streamPart.call(part, ctx);
      },
      end: (r: StreamEnd) => {
        if (r.error) ctx.error = r.error;
        if (r.error && this.active?.error) this.hooks.error.call(r.error, ctx);
        this.finish(ctx, { status: r.status, request: req, response: assembler?.result(), error: r.error, usage: ctx.usage }, r.output);
      },
    };
  }

  private async openStream(req: ChatRequest, plan: RoutePlan, ctx: RequestContext): Promise<PartStream> {
    const started = await this.executor.run(
      plan,
      ctx,
      (target, deadline) => this.sender.stream(this.provider(target.provider), target.model, req, ctx, deadline),
      true,
    );
    // The stream passed its start and goes to the client: from here on only its idle timer bounds it.
    started.deadline.commit();
    try {
      const transformers = this.on.streamTransforms ? this.hooks.streamTransforms.call([], ctx) : [];
      const { inst, call } = started;
      const passthrough =
        inst.def.passthrough === true && ctx.endpoint === 'chat' && transformers.length === 0 && !this.on.streamPart && !this.assemble;
      return upstreamPartStream(req, started, ctx, transformers, this.partSink(req, ctx, call.model), passthrough);
    } catch (e) {
      abandonStream(started);
      throw e;
    }
  }

  /** The embeddings pipeline for hosts. */
  async runEmbeddings(body: unknown, ctx: RequestContext): Promise<EmbeddingsResponse> {
    let req: EmbeddingsRequest | undefined;
    try {
      req = validateEmbeddingsRequest(body);
      ctx.requestedModel = req.model;
      req = await this.admitAndTransform(req, ctx);
      const embReq = req;
      if (this.on.lookup && ctx.cacheDirective !== 'no-cache') {
        const cached = await this.hooks.lookup.promise(embReq, ctx);
        if (cached) {
          ctx.cache = cached.kind;
          return this.finishEmbeddings(embReq, cached.response as EmbeddingsResponse, ctx);
        }
      }
      const plan = this.filterPlan(await this.plan(embReq.model, ctx), ['embeddings']);
      const res = await this.executor.run(plan, ctx, (target, deadline) =>
        this.sender.embed(this.provider(target.provider), target.model, embReq, ctx, deadline),
      );
      return this.finishEmbeddings(embReq, res, ctx);
    } catch (e) {
      throw this.fail(ctx, req, e);
    }
  }

  private async finishEmbeddings(req: EmbeddingsRequest, res: EmbeddingsResponse, ctx: RequestContext): Promise<EmbeddingsResponse> {
    ctx.usage = { prompt_tokens: res.usage.prompt_tokens, completion_tokens: 0, total_tokens: res.usage.total_tokens };
    if (res.usage.estimated) ctx.usage.estimated = true;
    ctx.upstreamModel = res.model || ctx.upstreamModel;
    let out: EmbeddingsResponse = res;
    if (this.on.transformResponse) out = (await this.hooks.transformResponse.promise(out, ctx)) as EmbeddingsResponse;
    this.finish(ctx, { status: 'success', request: req, response: out, error: undefined, usage: ctx.usage });
    if (req.encoding_format === 'base64') {
      out = {
        ...out,
        data: out.data.map((d) => (typeof d.embedding === 'string' ? d : { ...d, embedding: encodeEmbeddingBase64(d.embedding) })),
      };
    }
    return out;
  }

  /** Model aliases callers may use. */
  listModels(): { id: string; object: 'model'; created: number; owned_by: string }[] {
    return this.planner.aliasNames().map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchyard' }));
  }

  // ---- In-process client API ----

  /** @example const res = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }) */
  async chat(req: ChatRequest, init?: CallInit): Promise<ChatResponse> {
    const r = await this.runChat({ ...req, stream: false }, this.createContext('chat', init));
    if (r.type !== 'response') throw new SwitchyardError('SY_ERR_INTERNAL', 'expected a response');
    return r.response;
  }

  /** Streams OpenAI chunks. Errors before the first byte reject the first `next()`; later ones throw mid-stream. */
  async *chatStream(req: ChatRequest, init?: CallInit): AsyncGenerator<ChatChunk, void, undefined> {
    const ctx = this.createContext('chat', init);
    const r = await this.runChat({ ...req, stream: true }, ctx);
    if (r.type !== 'stream') throw new SwitchyardError('SY_ERR_INTERNAL', 'expected a stream');
    yield* chatChunks(r.stream, ctx, req.model, req.stream_options?.include_usage === true);
  }

  async embed(req: EmbeddingsRequest, init?: CallInit): Promise<EmbeddingsResponse> {
    return this.runEmbeddings(req, this.createContext('embeddings', init));
  }

  /** Waits for in-flight `complete` work, runs `close` taps, closes the upstream agent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    while (this.pending.size) await Promise.allSettled([...this.pending]);
    if (wasReady) await this.hooks.close.promise(this);
    await this.container.dispose();
    await this.client.close();
  }
}

export type { GatewayResponse };

/** Creates a gateway; call `await gateway.ready()` before use. */
export function createGateway(options: GatewayOptions): Gateway {
  return new Gateway(options);
}
