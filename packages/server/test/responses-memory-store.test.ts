// The embedded response store: tenant-scoped addresses, a byte budget with the oldest records
// evicted first, TTL expiry, and records that callers cannot change after storing.
import { describe, expect, it } from 'vitest';
import { MemoryResponseStore, type StoredResponse } from '../src/index.js';

const record = (id: string, tenant: string, size: number, expiresAt = Number.MAX_SAFE_INTEGER): StoredResponse => ({
  id,
  tenant,
  expiresAt,
  response: { id, pad: 'x'.repeat(size) },
  messages: [{ role: 'user', content: 'hi' }],
});

async function put(store: MemoryResponseStore, r: StoredResponse): Promise<void> {
  await store.put(r, JSON.stringify(r));
}

describe('MemoryResponseStore', () => {
  it('addresses records by tenant and id', async () => {
    const store = new MemoryResponseStore(1 << 20);
    await put(store, record('resp_1', 'team-a', 10));
    expect((await store.get('team-a', 'resp_1'))?.id).toBe('resp_1');
    expect(await store.get('team-b', 'resp_1')).toBeUndefined();
    expect(await store.delete('team-b', 'resp_1')).toBe(false);
    expect(await store.delete('team-a', 'resp_1')).toBe(true);
    expect(await store.get('team-a', 'resp_1')).toBeUndefined();
  });

  it('keeps within its byte budget by evicting the oldest records first', async () => {
    const store = new MemoryResponseStore(3500);
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await put(store, record(id, 't', 900));
    await put(store, record('resp_4', 't', 900));
    expect(await store.get('t', 'resp_1')).toBeUndefined();
    for (const id of ['resp_2', 'resp_3', 'resp_4']) expect(await store.get('t', id)).toBeDefined();
  });

  it('drops records whose TTL has passed', async () => {
    let now = 1000;
    const store = new MemoryResponseStore(1 << 20, () => now);
    await put(store, record('resp_1', 't', 10, 2000));
    expect(await store.get('t', 'resp_1')).toBeDefined();
    now = 2000;
    expect(await store.get('t', 'resp_1')).toBeUndefined();
  });

  it('hands out copies: changing what was read or stored changes nothing kept', async () => {
    const store = new MemoryResponseStore(1 << 20);
    const r = record('resp_1', 't', 1);
    await put(store, r);
    r.messages.push({ role: 'user', content: 'later' });
    const read = await store.get('t', 'resp_1');
    read?.messages.push({ role: 'user', content: 'again' });
    expect((await store.get('t', 'resp_1'))?.messages).toHaveLength(1);
  });
});
