/**
 * @module The `audit` plugin: captures every admitted model request (bodies per `capture`) in
 * `complete`, queues records for a batched background writer (SQLite, PostgreSQL or JSONL), serves
 * `/admin/audit`, sweeps old records, and adds `switchyard replay`.
 */
import { definePlugin, type Gateway, Stage, SwitchyardError } from '@switchyard/core';
import { asValue } from 'awilix';
import { auditRoutes } from './admin/audit-routes.js';
import { AUDIT_LOG_SERVICE, createAuditLogService } from './audit-service.js';
import { CapturePolicy } from './capture/capture-policy.js';
import { tapCapture } from './capture/capture-taps.js';
import { type AuditOptions, AuditOptionsSchema, DEFAULT_PATHS } from './options.js';
import { AuditQueue } from './queue/audit-queue.js';
import { RetentionSweep } from './queue/retention-sweep.js';
import { replayCommand } from './replay/replay-command.js';
import { ReplayRegistry } from './replay/replay-registry.js';
import type { AuditSink } from './sinks/audit-sink.js';
import { JsonlAuditSink } from './sinks/jsonl-sink.js';
import { PostgresAuditSink } from './sinks/postgres-sink.js';
import { providerSecrets, RecordSerializer } from './sinks/serialize-record.js';
import { SqliteAuditSink } from './sinks/sqlite-sink.js';

const PLUGIN_NAME = 'audit';

function createSink(options: AuditOptions, gateway: Gateway): AuditSink {
  switch (options.store) {
    case 'postgres':
      return new PostgresAuditSink(options.url as string, (err) => gateway.logger.error({ err }, 'audit: PostgreSQL connection error'));
    case 'jsonl':
      return new JsonlAuditSink({
        path: options.path ?? DEFAULT_PATHS.jsonl,
        rotateBytes: options.rotateBytes,
        rotateIntervalMs: options.rotateIntervalMs,
      });
    case 'sqlite':
      return new SqliteAuditSink(options.path ?? DEFAULT_PATHS.sqlite);
  }
}

function apply(gateway: Gateway, options: AuditOptions): void {
  const policy = new CapturePolicy(options);
  const serializer = new RecordSerializer(providerSecrets(gateway.config.providers));
  const sink = createSink(options, gateway);
  const queue = new AuditQueue(sink, serializer, options, gateway.logger);
  const sweep = new RetentionSweep(sink, options, gateway.logger);
  const registry = new ReplayRegistry(options.replay.chargeTo);
  gateway.container.register({ [AUDIT_LOG_SERVICE]: asValue(createAuditLogService(queue, sweep)) });

  gateway.hooks.ready.tapPromise(PLUGIN_NAME, async () => {
    await queue.start();
    sweep.start();
  });
  gateway.hooks.close.tapPromise(PLUGIN_NAME, async () => {
    await sweep.stop();
    await queue.close();
  });
  // Not critical: while the store is down or the queue overflows, requests are still served.
  gateway.addHealthCheck('audit', () => queue.health(), { critical: false });
  for (const route of auditRoutes(queue)) gateway.addRoute(route);
  gateway.addCommand(replayCommand(gateway, sink, registry));

  // After auth (so the key's attribution is overridden), before quota (so it charges the right principal).
  gateway.hooks.admit.tap({ name: PLUGIN_NAME, stage: Stage.AUTH + 1 }, (_req, ctx) => {
    registry.mark(ctx);
    return undefined;
  });
  if (options.onFull === 'block' && policy.capturesAnything()) {
    // After auth, so an unauthenticated caller is refused at once; before quota reserves anything.
    gateway.hooks.admit.tapAsync({ name: PLUGIN_NAME, stage: Stage.AUTH + 2 }, (_req, ctx, callback) => {
      if (queue.hasRoom() || policy.level(ctx.requestedModel) === 'off') return callback();
      queue.waitForRoom(options.blockTimeoutMs).then((room) =>
        callback(
          null,
          room
            ? undefined
            : new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', 'The audit log is behind; try again shortly', {
                apiCode: 'audit_backlog',
                retryAfter: 1,
              }),
        ),
      );
    });
  }
  tapCapture(gateway, policy, queue, (outcome, ctx) => registry.completed(outcome, ctx));
}

/**
 * Full request/response capture (SQLite, PostgreSQL or JSONL), `/admin/audit`, retention, and
 * `switchyard replay` for evals.
 * @example
 * const gw = createGateway({ config, providers: [mockProvider], plugins: [[auditPlugin, { store: 'sqlite', path: './audit.db' }]] });
 */
export const auditPlugin = definePlugin<AuditOptions, Gateway>({
  name: PLUGIN_NAME,
  version: '1.0.0',
  core: '^1',
  config: AuditOptionsSchema,
  apply,
});
