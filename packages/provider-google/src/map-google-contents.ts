/**
 * @module Canonical messages -> Gemini `systemInstruction` + `contents`. Roles are only `user` and
 * `model`; tool results become `functionResponse` parts in a user turn, matched by function name.
 */
import { type ChatMessage, type ContentPart, SwitchyardError, type ToolCall } from '@switchyard/core';
import { readThoughtSignature, SKIP_THOUGHT_SIGNATURE } from './google-tool-call.js';
import type { GoogleContent, GooglePart } from './google-wire-types.js';
import { mediaPart, mimeFromName, parseDataUrl } from './map-google-media.js';

export interface GoogleConversation {
  systemInstruction: GoogleContent | undefined;
  contents: GoogleContent[];
}

export interface ContentsOptions {
  thoughtSignatureFallback: boolean;
}

type TextLike = string | readonly { type: string; text?: string; refusal?: string }[] | null | undefined;

function textOf(content: TextLike): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  let out = '';
  for (const p of content) out += p.text ?? p.refusal ?? '';
  return out;
}

function invalid(message: string, param: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_INVALID_REQUEST', message, { param });
}

function userPart(part: ContentPart, param: string): GooglePart | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? { text: part.text } : undefined;
    case 'image_url': {
      const hint = (part.image_url as { mime_type?: unknown }).mime_type;
      return mediaPart(part.image_url.url, typeof hint === 'string' ? hint : undefined, 'image/jpeg', `${param}.image_url.url`);
    }
    case 'input_audio': {
      const format = part.input_audio.format.toLowerCase();
      return { inlineData: { mimeType: format.includes('/') ? format : `audio/${format}`, data: part.input_audio.data } };
    }
    case 'file': {
      const file = part.file as { file_data?: unknown; file_id?: unknown; filename?: unknown; mime_type?: unknown };
      const name = typeof file.filename === 'string' ? file.filename : '';
      const mime = typeof file.mime_type === 'string' ? file.mime_type : mimeFromName(name);
      if (typeof file.file_data === 'string') {
        const inline = parseDataUrl(file.file_data);
        if (inline) return { inlineData: mime ? { ...inline, mimeType: mime } : inline };
        if (mime) return { inlineData: { mimeType: mime, data: file.file_data } };
        throw invalid('file.file_data must be a data: URL, or come with a filename whose extension names its type', `${param}.file`);
      }
      if (typeof file.file_id === 'string' && /^(https?|gs):\/\//.test(file.file_id)) {
        return mediaPart(file.file_id, mime, 'application/octet-stream', `${param}.file.file_id`);
      }
      throw invalid('Gemini takes files as data: URLs (file_data) or URIs (file_id)', `${param}.file`);
    }
  }
}

/** Gemini wants an object; other JSON values and plain text are wrapped as `{ result }`. */
export function functionResponseBody(text: string): Record<string, unknown> {
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the tool answered in plain text.
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value };
}

function functionCallArgs(call: ToolCall, param: string): Record<string, unknown> {
  const raw = call.function.arguments.trim();
  if (raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('Tool call arguments must be a JSON object', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('Tool call arguments must be a JSON object', param);
  return value as Record<string, unknown>;
}

function modelParts(m: Extract<ChatMessage, { role: 'assistant' }>, i: number, opts: ContentsOptions): GooglePart[] {
  const parts: GooglePart[] = [];
  const text = textOf(m.content);
  if (text) parts.push({ text });
  const calls = m.tool_calls ?? [];
  let signed = false;
  calls.forEach((call, j) => {
    const part: GooglePart = {
      functionCall: { name: call.function.name, args: functionCallArgs(call, `messages[${i}].tool_calls[${j}].function.arguments`) },
    };
    const signature = readThoughtSignature(call);
    if (signature) {
      part.thoughtSignature = signature;
      signed = true;
    }
    parts.push(part);
  });
  if (!signed && calls.length && opts.thoughtSignatureFallback) {
    const first = parts.find((p) => p.functionCall);
    if (first) first.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
  }
  return parts;
}

export function toGoogleContents(messages: readonly ChatMessage[], opts: ContentsOptions): GoogleConversation {
  const system: GooglePart[] = [];
  const contents: GoogleContent[] = [];
  const callNames = new Map<string, string>();

  // Consecutive user turns merge, so parallel tool results share one turn in call order. Model turns
  // never merge: a thought signature belongs to the first call of its own step.
  const pushUser = (parts: GooglePart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === 'user') last.parts.push(...parts);
    else contents.push({ role: 'user', parts });
  };

  messages.forEach((m, i) => {
    switch (m.role) {
      case 'system':
      case 'developer': {
        const text = textOf(m.content);
        if (text) system.push({ text });
        break;
      }
      case 'user': {
        if (typeof m.content === 'string') pushUser(m.content ? [{ text: m.content }] : []);
        else {
          const parts: GooglePart[] = [];
          m.content.forEach((p, j) => {
            const part = userPart(p, `messages[${i}].content[${j}]`);
            if (part) parts.push(part);
          });
          pushUser(parts);
        }
        break;
      }
      case 'assistant': {
        for (const call of m.tool_calls ?? []) callNames.set(call.id, call.function.name);
        const parts = modelParts(m, i, opts);
        if (parts.length) contents.push({ role: 'model', parts });
        break;
      }
      case 'tool': {
        const name = callNames.get(m.tool_call_id) ?? (typeof m.name === 'string' ? m.name : undefined);
        if (!name) {
          throw invalid(`tool_call_id "${m.tool_call_id}" matches no earlier assistant tool call`, `messages[${i}].tool_call_id`);
        }
        pushUser([{ functionResponse: { name, response: functionResponseBody(textOf(m.content)) } }]);
        break;
      }
    }
  });

  return { systemInstruction: system.length ? { parts: system } : undefined, contents };
}
