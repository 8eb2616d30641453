/**
 * @module Conversation state for upstreams that keep none: who a stored response belongs to (the
 * caller's team or key, from admission alone), reading it back for `previous_response_id`, storing
 * a finished turn, deleting. Store failures on reads are 503 `store_unavailable`; a failed or
 * oversized write leaves the response unstored and says so (`store: false`), never losing the answer.
 */
import { createHash } from 'node:crypto';
import { type ChatMessage, type Gateway, type Logger, type Principal, SwitchyardError } from '@switchyard/core';
import type { FastifyRequest } from 'fastify';
import type { Json } from './response-object.js';
import type { ResponsesConfig } from './responses-config.js';
import type { ResponseStore, StoredResponse } from './store/response-store.js';

/** Ids the gateway or an upstream could have made: anything else is unknown without asking the store. */
const RESPONSE_ID = /^resp_[A-Za-z0-9_-]{1,200}$/;

export function isResponseId(id: string): boolean {
  return RESPONSE_ID.test(id);
}

export function responseNotFound(id: string): SwitchyardError {
  const shown = isResponseId(id) ? id : 'given';
  return new SwitchyardError('SY_ERR_ROUTE_NOT_FOUND', `Response with id '${shown}' not found.`, {
    apiCode: 'response_not_found',
    param: 'response_id',
  });
}

function storeUnavailable(cause: unknown): SwitchyardError {
  return new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', 'The response store is unavailable; retry later', { cause, retryAfter: 1 });
}

export class ConversationState {
  constructor(
    private readonly gateway: Gateway,
    readonly store: ResponseStore | undefined,
    private readonly config: ResponsesConfig,
    private readonly logger: Logger,
  ) {}

  /** Runs admission alone (the `admit` taps: auth) for a request that needs the store before routing. */
  async principal(request: FastifyRequest): Promise<Principal> {
    const ctx = this.gateway.createContext('responses_store', { id: request.id, headers: request.headers });
    await this.gateway.admit(undefined, ctx);
    return ctx.principal;
  }

  /** The store address of a principal's records: a hash, so no team or key name reaches a key or a row. */
  tenant(principal: Principal): string {
    const owner = this.config.scope === 'key' ? `key:${principal.keyId}` : `team:${principal.team}`;
    return createHash('sha256').update(owner).digest('hex').slice(0, 32);
  }

  async load(tenant: string, id: string): Promise<StoredResponse | undefined> {
    if (!this.store || !isResponseId(id)) return undefined;
    try {
      return await this.store.get(tenant, id);
    } catch (e) {
      throw storeUnavailable(e);
    }
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    if (!this.store || !isResponseId(id)) return false;
    try {
      return await this.store.delete(tenant, id);
    } catch (e) {
      throw storeUnavailable(e);
    }
  }

  /**
   * Stores a finished turn. `response.store` is set to whether it was stored, so the client learns
   * when a too large conversation or a store outage left it unstored.
   */
  async save(tenant: string, response: Json, messages: ChatMessage[]): Promise<void> {
    if (!this.store) {
      response.store = false;
      return;
    }
    const record: StoredResponse = { id: response.id, tenant, expiresAt: Date.now() + this.config.ttlSeconds * 1000, response, messages };
    response.store = true;
    const serialized = JSON.stringify(record);
    if (Buffer.byteLength(serialized) > this.config.maxRecordBytes) {
      response.store = false;
      this.logger.warn({ responseId: response.id, limit: this.config.maxRecordBytes }, 'responses: conversation too large to store');
      return;
    }
    try {
      await this.store.put(record, serialized);
    } catch (e) {
      response.store = false;
      this.logger.warn({ responseId: response.id, msg: (e as Error).message }, 'responses: storing failed');
    }
  }
}
