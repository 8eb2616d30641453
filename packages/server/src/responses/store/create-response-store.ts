/**
 * @module The configured response store. The shared stores' clients (ioredis, pg) are loaded only
 * when configured, so a gateway on the embedded store never loads them.
 */
import type { Logger } from '@switchyard/core';
import type { ResponsesConfig } from '../responses-config.js';
import { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseStore } from './response-store.js';

export async function createResponseStore(config: ResponsesConfig, logger: Logger): Promise<ResponseStore | undefined> {
  switch (config.store) {
    case 'none':
      return undefined;
    case 'memory':
      return new MemoryResponseStore(config.memoryMaxBytes);
    case 'redis': {
      const { RedisResponseStore } = await import('./redis-response-store.js');
      let reported = false;
      return new RedisResponseStore(config.url as string, config.keyPrefix, config.timeoutMs, (err) => {
        if (reported) return;
        reported = true;
        logger.warn({ msg: err.message }, 'responses: Redis store unreachable');
      });
    }
    case 'postgres': {
      const { PostgresResponseStore } = await import('./postgres-response-store.js');
      return new PostgresResponseStore(config.url as string, config.table, config.timeoutMs, logger);
    }
  }
}
