/**
 * @module JSON request bodies. Only `application/json` and `+json` media types are parsed: anything
 * else (forms, `text/plain`, no content type) is 415, so a web page cannot post to a local gateway
 * without a CORS preflight. Nesting depth is bounded (400 `json_too_deep`) by one linear scan before
 * parsing, since deeply nested JSON overflowed the stack in the parser and the schema checks.
 */
import { SwitchyardError } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';

/** Deepest accepted nesting of objects and arrays. */
export const MAX_JSON_DEPTH = 128;

/** `application/json`, `application/<anything>+json`, with or without parameters (charset). */
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.!#$&^_-]+\+)?json\s*(;|$)/i;

/** Whether `text` nests objects/arrays deeper than `max`. Skips string contents with indexOf. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        const j = text.indexOf('"', i + 1);
        if (j === -1) return false;
        let k = j - 1;
        while (text.charCodeAt(k) === 92 /* \ */) k--;
        i = j;
        if ((j - 1 - k) % 2 === 0) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** Replaces fastify's parsers: JSON media types only, depth-checked, prototype poisoning removed. */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(new SwitchyardError('SY_ERR_JSON_TOO_DEEP', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
