/**
 * @module The response store contract: what `/v1/responses` keeps for `previous_response_id` and
 * `GET`/`DELETE /v1/responses/{id}` when the answering upstream does not keep state itself. Records
 * are addressed by tenant and id together, so one tenant can never read or delete another's.
 */
import type { ChatMessage } from '@switchyard/core';

export interface StoredResponse {
  id: string;
  /** Hash of the tenant (team or key) that created it; part of the address. */
  tenant: string;
  /** Epoch ms after which the record is gone. */
  expiresAt: number;
  /** The Responses `response` object as the client received it. */
  response: Record<string, unknown>;
  /** The conversation in canonical form, this turn's output included and its instructions excluded. */
  messages: ChatMessage[];
}

export interface ResponseStore {
  /** `memory`, `redis` or `postgres`. */
  readonly kind: string;
  /** Connects and prepares (tables); called once before the server listens. */
  open(): Promise<void>;
  get(tenant: string, id: string): Promise<StoredResponse | undefined>;
  /** `serialized` is `JSON.stringify(record)`, already made to check its size. */
  put(record: StoredResponse, serialized: string): Promise<void>;
  /** True when a record was deleted. */
  delete(tenant: string, id: string): Promise<boolean>;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
