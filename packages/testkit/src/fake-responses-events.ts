/**
 * @module The SSE event sequence the OpenAI Responses API sends for a finished `response` object:
 * `response.created`, `response.in_progress`, then per output item `response.output_item.added`, its
 * content events (reasoning summary parts and deltas, web-search progress, content parts with
 * `output_text` deltas and annotations, function-call argument deltas) and `response.output_item.done`,
 * and last `response.completed` or `response.incomplete`. Every event carries `type` and a
 * `sequence_number` counting from 0; deltas carry an `obfuscation` pad, as the real API's do.
 */
import { randomBytes } from 'node:crypto';

type Json = Record<string, any>;

function pieces(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

const pad = () =>
  randomBytes(4)
    .toString('hex')
    .slice(0, 1 + Math.floor(Math.random() * 7));

/** [event name, data] pairs for `response`; `inProgress` is its state before output (status in_progress). */
export function responseEvents(response: Json): [string, Json][] {
  const events: [string, Json][] = [];
  const push = (type: string, data: Json) => events.push([type, { type, sequence_number: events.length, ...data }]);
  const inProgress = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null, completed_at: null };
  push('response.created', { response: inProgress });
  push('response.in_progress', { response: inProgress });
  (response.output as Json[]).forEach((item, output_index) => {
    const item_id = item.id;
    switch (item.type) {
      case 'reasoning': {
        push('response.output_item.added', {
          output_index,
          item: { ...item, summary: [], encrypted_content: item.encrypted_content ?? null },
        });
        (item.summary as Json[]).forEach((s, summary_index) => {
          push('response.reasoning_summary_part.added', { item_id, output_index, summary_index, part: { type: 'summary_text', text: '' } });
          for (const delta of pieces(s.text, 12)) {
            push('response.reasoning_summary_text.delta', { item_id, output_index, summary_index, delta, obfuscation: pad() });
          }
          push('response.reasoning_summary_text.done', { item_id, output_index, summary_index, text: s.text });
          push('response.reasoning_summary_part.done', {
            item_id,
            output_index,
            summary_index,
            part: { type: 'summary_text', text: s.text },
          });
        });
        break;
      }
      case 'web_search_call':
        push('response.output_item.added', { output_index, item: { ...item, status: 'in_progress' } });
        push('response.web_search_call.in_progress', { item_id, output_index });
        push('response.web_search_call.searching', { item_id, output_index });
        push('response.web_search_call.completed', { item_id, output_index });
        break;
      case 'message': {
        push('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
        (item.content as Json[]).forEach((part, content_index) => {
          push('response.content_part.added', { item_id, output_index, content_index, part: { ...part, text: '', annotations: [] } });
          for (const delta of pieces(part.text, 7)) {
            push('response.output_text.delta', { item_id, output_index, content_index, delta, logprobs: [], obfuscation: pad() });
          }
          (part.annotations as Json[]).forEach((annotation, annotation_index) => {
            push('response.output_text.annotation.added', { item_id, output_index, content_index, annotation_index, annotation });
          });
          push('response.output_text.done', { item_id, output_index, content_index, text: part.text, logprobs: [] });
          push('response.content_part.done', { item_id, output_index, content_index, part });
        });
        break;
      }
      case 'function_call': {
        push('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
        for (const delta of pieces(item.arguments, 9)) {
          push('response.function_call_arguments.delta', { item_id, output_index, delta, obfuscation: pad() });
        }
        push('response.function_call_arguments.done', { item_id, output_index, name: item.name, arguments: item.arguments });
        break;
      }
    }
    push('response.output_item.done', { output_index, item });
  });
  push(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  return events;
}

/** `event: <name>\ndata: <json>\n\n` for each event. */
export function sseFrames(events: [string, Json][]): string[] {
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
