/**
 * @module Canonical `tools` / `tool_choice` -> Gemini `tools[].functionDeclarations` / `toolConfig`.
 *
 * Schemas go out as `parametersJsonSchema` (full JSON Schema, so `additionalProperties`, `$ref`,
 * `$defs`, `anyOf` and type arrays survive) instead of the OpenAPI-subset `parameters`, which
 * rejects those keywords. Only the root `$schema` dialect marker is dropped.
 */
import type { Tool, ToolChoice } from '@switchyard/core';
import type { GoogleFunctionDeclaration, GoogleToolConfig } from './google-wire-types.js';

/** A JSON Schema as Gemini's JSON-schema fields take it (`parametersJsonSchema`, `responseJsonSchema`). */
export function toGoogleJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (!('$schema' in schema)) return schema;
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

export function toGoogleTools(tools: readonly Tool[] | undefined): { functionDeclarations: GoogleFunctionDeclaration[] }[] | undefined {
  if (!tools?.length) return undefined;
  const functionDeclarations = tools.map((t): GoogleFunctionDeclaration => {
    const decl: GoogleFunctionDeclaration = { name: t.function.name };
    if (t.function.description) decl.description = t.function.description;
    if (t.function.parameters) decl.parametersJsonSchema = toGoogleJsonSchema(t.function.parameters);
    return decl;
  });
  return [{ functionDeclarations }];
}

/** `auto` -> AUTO, `none` -> NONE, `required` -> ANY, a named function -> ANY limited to that name. */
export function toGoogleToolConfig(choice: ToolChoice | undefined): GoogleToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}
