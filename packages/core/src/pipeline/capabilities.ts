/** @module What a request needs from a provider, so targets that cannot serve it are skipped. */
import type { Capabilities } from '../provider.js';
import type { ChatRequest } from '../schema/chat-request.js';

export function requiredCapabilities(req: ChatRequest): (keyof Capabilities)[] {
  const need: (keyof Capabilities)[] = ['chat'];
  if (req.stream) need.push('stream');
  if (req.tools?.length) need.push('tools');
  const rf = req.response_format?.type;
  if (rf === 'json_object' || rf === 'json_schema') need.push('json');
  for (const m of req.messages) {
    if (m.role === 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url')) {
      need.push('vision');
      break;
    }
  }
  return need;
}
