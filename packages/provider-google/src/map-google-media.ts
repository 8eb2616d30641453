/** @module Canonical media references (data: URLs, http(s) URLs) -> Gemini `inlineData` / `fileData` parts. */
import { SwitchyardError } from '@switchyard/core';
import type { GooglePart } from './google-wire-types.js';

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
};

/** Guesses a MIME type from a URL's or file name's extension. */
export function mimeFromName(name: string): string | undefined {
  const path = name.split(/[?#]/, 1)[0] ?? '';
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return path.includes('.') ? MIME_BY_EXTENSION[ext] : undefined;
}

/** Parses `data:<mime>[;param]*[;base64],<data>` into Gemini inline data (always base64). */
export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma === -1) return undefined;
  const meta = url.slice(5, comma).split(';');
  const mimeType = meta[0] || 'text/plain';
  const payload = url.slice(comma + 1);
  const data = meta.includes('base64') ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
  return { mimeType, data };
}

/**
 * A media URL as a part: data URLs inline, anything else (`https://`, `gs://`, Files API URIs) by
 * reference. Gemini requires a MIME type on `fileData`: an explicit one wins, then the extension,
 * then `fallbackMime`.
 */
export function mediaPart(url: string, explicitMime: string | undefined, fallbackMime: string, param: string): GooglePart {
  if (url.startsWith('data:')) {
    const inline = parseDataUrl(url);
    if (!inline) throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'Malformed data: URL', { param });
    return { inlineData: explicitMime ? { ...inline, mimeType: explicitMime } : inline };
  }
  return { fileData: { mimeType: explicitMime ?? mimeFromName(url) ?? fallbackMime, fileUri: url } };
}
