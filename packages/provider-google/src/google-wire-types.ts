/**
 * @module The Gemini API (generativelanguage v1beta) wire shapes this provider reads and writes.
 * Only the fields the translation uses; Gemini rejects unknown request fields with a 400.
 */

export type GoogleRole = 'user' | 'model';

export interface GoogleFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  /** Set by some API surfaces; the Gemini API usually omits it. */
  id?: string;
}

export interface GoogleFunctionResponse {
  name: string;
  /** Must be a JSON object. */
  response: Record<string, unknown>;
}

export interface GooglePart {
  text?: string;
  /** True on thought-summary parts (`thinkingConfig.includeThoughts`). */
  thought?: boolean;
  /** Opaque, base64; must be replayed on the part it came on. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: GoogleFunctionCall;
  functionResponse?: GoogleFunctionResponse;
}

export interface GoogleContent {
  role?: GoogleRole;
  parts: GooglePart[];
}

export interface GoogleFunctionDeclaration {
  name: string;
  description?: string;
  /** Full JSON Schema; mutually exclusive with the OpenAPI-subset `parameters`. */
  parametersJsonSchema?: Record<string, unknown>;
}

export type GoogleFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

export interface GoogleToolConfig {
  functionCallingConfig: { mode: GoogleFunctionCallingMode; allowedFunctionNames?: string[] };
}

export interface GoogleGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: Record<string, unknown>;
}

export interface GoogleSafetySetting {
  category: string;
  threshold: string;
  [k: string]: unknown;
}

export interface GoogleGenerateContentRequest {
  contents: GoogleContent[];
  systemInstruction?: GoogleContent;
  tools?: { functionDeclarations: GoogleFunctionDeclaration[] }[];
  toolConfig?: GoogleToolConfig;
  safetySettings?: GoogleSafetySetting[];
  generationConfig?: GoogleGenerationConfig;
}

export interface GoogleUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

export interface GoogleCandidate {
  content?: { role?: string; parts?: GooglePart[] };
  finishReason?: string;
  index?: number;
}

export interface GoogleGenerateContentResponse {
  candidates?: GoogleCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GoogleUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Present when a stream event carries an error instead of a chunk. */
  error?: GoogleErrorBody['error'];
}

export interface GoogleErrorDetail {
  '@type'?: string;
  /** `google.rpc.RetryInfo`: a protobuf Duration string such as `"30s"` or `"1.5s"`. */
  retryDelay?: string;
  /** `google.rpc.ErrorInfo`. */
  reason?: string;
  [k: string]: unknown;
}

export interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: GoogleErrorDetail[] };
}

export interface GoogleEmbedContentRequest {
  model?: string;
  content: { parts: { text: string }[] };
  taskType?: string;
  outputDimensionality?: number;
}

export interface GoogleEmbedContentResponse {
  embedding?: { values?: number[] };
  embeddings?: { values?: number[] }[];
  usageMetadata?: { promptTokenCount?: number; totalTokenCount?: number };
}
