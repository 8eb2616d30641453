// Pure building blocks: key format and hash, constant-time compare, model globs, credential headers, the TTL cache, options.
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { constantTimeEqual } from '../src/constant-time.js';
import { presentedKey } from '../src/credentials.js';
import { digestOf, generateKey, hashDigest, hashKey, isKeyHash, parseKey } from '../src/key-format.js';
import { compileModelMatcher } from '../src/model-match.js';
import { AuthOptionsSchema, EXAMPLE_ADMIN_KEYS } from '../src/options.js';
import { TtlCache } from '../src/ttl-cache.js';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

describe('key format', () => {
  it('generates sy-<id>-<secret> keys that parse back to their id', () => {
    const { id, key } = generateKey();
    expect(key).toMatch(/^sy-[a-z2-7]{12}-[A-Za-z0-9_-]{43}$/);
    expect(parseKey(key)).toEqual({ id });
    expect(generateKey().key).not.toBe(key);
  });
  it('splits at the first dash after the id even when the secret contains dashes', () => {
    expect(parseKey('sy-abcd1234-secret-with-dashes_0123456789')).toEqual({ id: 'abcd1234' });
  });
  it('rejects anything else', () => {
    for (const bad of [
      '',
      'sk-abc',
      'sy-abcd',
      'sy-ABCD-xxxxxxxxxxxxxxxxxxxxxxxx',
      'sy-abcd-short',
      'Bearer sy-abcd-xxxxxxxxxxxxxxxxxxxxxxx',
    ]) {
      expect(parseKey(bad)).toBeUndefined();
    }
  });
  it('hashes as sha256:<hex> of the whole key', () => {
    const h = hashKey('sy-abcd-xxxxxxxxxxxxxxxxxxxxxxxx');
    expect(isKeyHash(h)).toBe(true);
    expect(h).toBe(`sha256:${crypto.createHash('sha256').update('sy-abcd-xxxxxxxxxxxxxxxxxxxxxxxx').digest('hex')}`);
    expect(hashDigest(h).equals(digestOf('sy-abcd-xxxxxxxxxxxxxxxxxxxxxxxx'))).toBe(true);
  });
});

describe('constantTimeEqual', () => {
  it('uses crypto.timingSafeEqual for equal-length inputs', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(constantTimeEqual(digestOf('a'), digestOf('a'))).toBe(true);
    expect(constantTimeEqual(digestOf('a'), digestOf('b'))).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
  });
  it('returns false (without throwing) for different lengths', () => {
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(constantTimeEqual(Buffer.alloc(0), Buffer.alloc(32))).toBe(false);
  });
});

describe('model matcher', () => {
  it('empty list or * allows all', () => {
    expect(compileModelMatcher([])('anything')).toBe(true);
    expect(compileModelMatcher(['x', '*'])('anything')).toBe(true);
  });
  it('exact names and globs', () => {
    const m = compileModelMatcher(['smart', 'gpt-*', 'openai/*-mini']);
    expect(m('smart')).toBe(true);
    expect(m('smarter')).toBe(false);
    expect(m('gpt-4o')).toBe(true);
    expect(m('gpt')).toBe(false);
    expect(m('openai/gpt-4o-mini')).toBe(true);
    expect(m('openai/gpt-4o')).toBe(false);
  });
  it('treats regex characters literally', () => {
    const m = compileModelMatcher(['a.b*']);
    expect(m('a.bc')).toBe(true);
    expect(m('axbc')).toBe(false);
  });
});

describe('presentedKey', () => {
  it('reads Bearer, then x-api-key, then api-key', () => {
    expect(presentedKey({ authorization: 'Bearer sy-k' })).toBe('sy-k');
    expect(presentedKey({ authorization: 'bearer   sy-k  ' })).toBe('sy-k');
    expect(presentedKey({ 'x-api-key': 'sy-x' })).toBe('sy-x');
    expect(presentedKey({ 'api-key': 'sy-a' })).toBe('sy-a');
    expect(presentedKey({ authorization: 'Bearer sy-k', 'x-api-key': 'sy-x' })).toBe('sy-k');
    expect(presentedKey({ authorization: 'Basic abc', 'x-api-key': 'sy-x' })).toBe('sy-x');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedKey({ 'x-api-key': '' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});

describe('TtlCache', () => {
  it('expires entries and stays bounded', () => {
    let now = 0;
    const c = new TtlCache<number | null>(100, 2, () => now);
    c.set('a', 1);
    c.set('b', null);
    expect(c.get('a')?.value).toBe(1);
    expect(c.get('b')?.value).toBeNull();
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('a')).toBeUndefined();
    now = 150;
    expect(c.get('c')).toBeUndefined();
  });
  it('a ttl of 0 disables caching', () => {
    const c = new TtlCache<number>(0, 10);
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
  });
});

describe('options', () => {
  it('defaults to a SQLite store and no anonymous access', () => {
    const o = AuthOptionsSchema.parse({});
    expect(o).toMatchObject({ store: 'sqlite', sqlitePath: './data/switchyard-auth.db', allowAnonymous: false, keys: [] });
  });
  it('hashes a plaintext admin key at load and keeps a given hash', () => {
    const plain = 'admin-key-0123456789abcdef0123456789';
    const o = AuthOptionsSchema.parse({ adminKey: plain });
    expect(o.adminKey).toBe(hashKey(plain));
    expect(JSON.stringify(o)).not.toContain(plain);
    const h = hashKey('whatever');
    expect(AuthOptionsSchema.parse({ adminKey: h.toUpperCase().replace('SHA256', 'sha256') }).adminKey).toBe(h);
  });
  it('refuses an admin key shorter than 32 bytes, naming the key and never echoing it', () => {
    const issues = (adminKey: string) => AuthOptionsSchema.safeParse({ adminKey }).error?.issues;
    for (const short of ['short-pw', 'a'.repeat(31), 'postgres-admin-key-0123456789']) {
      const r = issues(short);
      expect(r?.[0]?.path, short).toEqual(['adminKey']);
      expect(r?.[0]?.message).toMatch(/at least 32 bytes/);
      expect(JSON.stringify(r)).not.toContain(short);
    }
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    expect(AuthOptionsSchema.safeParse({ adminKey: '鍵'.repeat(11) }).success).toBe(true);
    expect(AuthOptionsSchema.safeParse({ adminKey: 'a'.repeat(32) }).success).toBe(true);
  });
  it('refuses the documented example admin keys, as plaintext or as their hash', () => {
    expect(EXAMPLE_ADMIN_KEYS).toContain('example-admin-key-change-me');
    for (const example of EXAMPLE_ADMIN_KEYS) {
      for (const adminKey of [example, hashKey(example)]) {
        const r = AuthOptionsSchema.safeParse({ adminKey }).error?.issues;
        expect(r?.[0]?.path, adminKey).toEqual(['adminKey']);
        expect(r?.[0]?.message).toMatch(/example value from the documentation/);
      }
    }
  });
  it('has no default admin key; an empty one (an unset ${VAR:-}) means none', () => {
    expect(AuthOptionsSchema.parse({}).adminKey).toBeUndefined();
    expect(AuthOptionsSchema.parse({ adminKey: '' }).adminKey).toBeUndefined();
  });
  it('needs postgresUrl for postgres, valid hashes and unique ids', () => {
    expect(AuthOptionsSchema.safeParse({ store: 'postgres' }).error?.issues[0]?.path).toEqual(['postgresUrl']);
    expect(AuthOptionsSchema.safeParse({ keys: [{ id: 'abcd', hash: 'md5:00', team: 't', user: 'u' }] }).success).toBe(false);
    const k = { id: 'abcd', hash: hashKey('x'), team: 't', user: 'u' };
    expect(AuthOptionsSchema.safeParse({ keys: [k, k] }).error?.issues[0]?.message).toMatch(/duplicate key id/);
  });
});
