/** @module A canonical chat request -> a Gemini `generateContent` body. Fields Gemini lacks are dropped, never passed through. */
import type { ChatRequest } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';
import type { GoogleGenerateContentRequest } from './google-wire-types.js';
import { toGoogleContents } from './map-google-contents.js';
import { toGoogleGenerationConfig } from './map-google-generation-config.js';
import { toGoogleToolConfig, toGoogleTools } from './map-google-tools.js';

export function toGoogleRequest(req: ChatRequest, options: GoogleOptions): GoogleGenerateContentRequest {
  const { systemInstruction, contents } = toGoogleContents(req.messages, options);
  const body: GoogleGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const tools = toGoogleTools(req.tools);
  if (tools) {
    body.tools = tools;
    const toolConfig = toGoogleToolConfig(req.tool_choice);
    if (toolConfig) body.toolConfig = toolConfig;
  }
  if (options.safetySettings?.length) body.safetySettings = options.safetySettings;
  const generationConfig = toGoogleGenerationConfig(req, options);
  if (generationConfig) body.generationConfig = generationConfig;
  return body;
}
