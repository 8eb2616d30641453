import { type ChatRequest, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { GoogleOptionsSchema, googleProvider, SKIP_THOUGHT_SIGNATURE } from '../src/index.js';
import { fixtureJson, makeCall, upstreamBody } from './helpers.js';

const hi: ChatRequest = { model: 'gem', messages: [{ role: 'user', content: 'Hi' }] };

describe('toUpstream: URL and headers', () => {
  it('posts to models/{model}:generateContent with the key in x-goog-api-key, never in the URL', () => {
    const req = googleProvider.toUpstream(hi, makeCall({ options: { apiKey: 'AIza-secret-key' } }));
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(req.url).not.toContain('AIza');
    expect(req.headers['x-goog-api-key']).toBe('AIza-secret-key');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('streams from :streamGenerateContent?alt=sse', () => {
    const req = googleProvider.toUpstream(hi, makeCall({ stream: true }));
    expect(req.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('keeps a configured baseUrl (trailing slash dropped) and model names that already name a collection', () => {
    const req = googleProvider.toUpstream(
      hi,
      makeCall({ model: 'tunedModels/my-tune', options: { baseUrl: 'http://127.0.0.1:9/v1beta/' } }),
    );
    expect(req.url).toBe('http://127.0.0.1:9/v1beta/tunedModels/my-tune:generateContent');
  });

  it('adds configured headers but never lets them replace the key or content type', () => {
    const req = googleProvider.toUpstream(
      hi,
      makeCall({ options: { headers: { 'x-trace': 't1', 'X-Goog-Api-Key': 'other', 'Content-Type': 'text/plain' } } }),
    );
    expect(req.headers).toEqual({ 'x-trace': 't1', 'content-type': 'application/json', 'x-goog-api-key': 'test-key' });
  });

  it('validates options strictly: apiKey required, unknown keys rejected', () => {
    expect(GoogleOptionsSchema.safeParse({}).success).toBe(false);
    expect(GoogleOptionsSchema.safeParse({ apiKey: 'k', apiKye: 'typo' }).success).toBe(false);
    expect(GoogleOptionsSchema.parse({ apiKey: 'k' })).toMatchObject({
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      headers: {},
      thoughtSignatureFallback: true,
    });
  });
});

describe('toUpstream: messages', () => {
  it('sends system and developer messages as systemInstruction and assistant turns as role model', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello', name: 'ada' },
        { role: 'assistant', content: 'Bonjour.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'How are ' },
            { type: 'text', text: 'you?' },
          ],
        },
      ],
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hello' }] },
        { role: 'model', parts: [{ text: 'Bonjour.' }] },
        { role: 'user', parts: [{ text: 'How are ' }, { text: 'you?' }] },
      ],
    });
  });

  it('translates data: URL images to inlineData and http(s) URLs to fileData, with generation settings (image fixture)', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images?' },
            {
              type: 'image_url',
              image_url: {
                url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
              },
            },
            { type: 'image_url', image_url: { url: 'https://example.com/photos/cat.jpg', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'https://example.com/render?id=7', mime_type: 'image/webp' } },
          ],
        },
      ],
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      n: 1,
      seed: 42,
      user: 'u-1',
      metadata: { team: 'a' },
      parallel_tool_calls: true,
    });
    expect(body).toEqual(fixtureJson('image.request.json'));
  });

  it('maps audio and file parts to inlineData', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
            { type: 'file', file: { file_id: 'https://generativelanguage.googleapis.com/v1beta/files/abc123', filename: 'b.pdf' } },
          ],
        },
      ],
    });
    expect(body.contents[0].parts).toEqual([
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc123' } },
    ]);
  });

  it('base64-encodes a percent-encoded data: URL', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,%3Csvg%2F%3E' } }] }],
    });
    expect(body.contents[0].parts[0]).toEqual({
      inlineData: { mimeType: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') },
    });
  });

  it('never sends empty text parts (Gemini rejects them) and skips empty turns', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [
        { role: 'system', content: '' },
        { role: 'user', content: '' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null },
      ],
    });
    expect(body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  });

  it('drops fields Gemini does not know instead of passing them through', () => {
    const body = upstreamBody({ ...hi, user: 'x', metadata: { a: 'b' }, stream_options: { include_usage: true }, logit_bias: {} });
    expect(Object.keys(body)).toEqual(['contents']);
  });
});

describe('toUpstream: tools', () => {
  const weather = {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { city: { type: 'string' }, when: { type: ['string', 'null'] }, loc: { $ref: '#/$defs/loc' } },
        $defs: { loc: { type: 'object', additionalProperties: false } },
        required: ['city'],
        additionalProperties: false,
      },
      strict: true,
    },
  };

  it('sends JSON Schema as parametersJsonSchema, keeping additionalProperties, $ref and type arrays, dropping $schema', () => {
    const body = upstreamBody({ ...hi, tools: [weather, { type: 'function', function: { name: 'now' } }] });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather for a city',
            parametersJsonSchema: {
              type: 'object',
              properties: { city: { type: 'string' }, when: { type: ['string', 'null'] }, loc: { $ref: '#/$defs/loc' } },
              $defs: { loc: { type: 'object', additionalProperties: false } },
              required: ['city'],
              additionalProperties: false,
            },
          },
          { name: 'now' },
        ],
      },
    ]);
    expect(body.tools[0].functionDeclarations[0]).not.toHaveProperty('parameters');
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    ],
  ] as const)('maps tool_choice %j to functionCallingConfig %j', (choice, config) => {
    const body = upstreamBody({ ...hi, tools: [weather], tool_choice: choice as ChatRequest['tool_choice'] });
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it('sends no toolConfig without tools', () => {
    expect(upstreamBody({ ...hi, tool_choice: 'required' })).not.toHaveProperty('toolConfig');
  });

  it('replays a thought signature from extra_content.google or a top-level thought_signature on the call part', () => {
    const body = upstreamBody({
      model: 'gem',
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'a',
              type: 'function',
              function: { name: 'f', arguments: '{"x":1}' },
              extra_content: { google: { thought_signature: 'c2lnLUE=' } },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: '1' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'b', type: 'function', function: { name: 'g', arguments: '' }, thought_signature: 'c2lnLUI=' }],
        },
        { role: 'tool', tool_call_id: 'b', content: '[1,2]' },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'go' }] },
      { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { name: 'f', args: { x: 1 } }, thoughtSignature: 'c2lnLUE=' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: { result: 1 } } }] },
      { role: 'model', parts: [{ functionCall: { name: 'g', args: {} }, thoughtSignature: 'c2lnLUI=' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'g', response: { result: [1, 2] } } }] },
    ]);
  });

  it('marks unsigned tool-call turns (from another provider) with the skip sentinel on the first call only', () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'call_2', type: 'function', function: { name: 'g', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      { role: 'tool', tool_call_id: 'call_2', content: 'ok' },
    ];
    const parts = upstreamBody({ model: 'gem', messages }).contents[1].parts;
    expect(parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(parts[1]).not.toHaveProperty('thoughtSignature');
    const off = upstreamBody({ model: 'gem', messages }, makeCall({ options: { thoughtSignatureFallback: false } }));
    expect(off.contents[1].parts[0]).not.toHaveProperty('thoughtSignature');
  });

  it('refuses a tool message whose tool_call_id matches no earlier call, naming the parameter', () => {
    const run = () => upstreamBody({ model: 'gem', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] });
    expect(run).toThrowError(SwitchyardError);
    try {
      run();
    } catch (e) {
      expect((e as SwitchyardError).code).toBe('SY_ERR_INVALID_REQUEST');
      expect((e as SwitchyardError).param).toBe('messages[0].tool_call_id');
    }
  });

  it('refuses tool-call arguments that are not a JSON object', () => {
    const run = () =>
      upstreamBody({
        model: 'gem',
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] },
        ],
      });
    expect(run).toThrowError(/JSON object/);
  });
});

describe('toUpstream: generation config and JSON mode', () => {
  it('prefers max_completion_tokens over max_tokens and passes penalties', () => {
    const body = upstreamBody({ ...hi, max_tokens: 10, max_completion_tokens: 20, presence_penalty: 0.5, frequency_penalty: -0.5 });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 20, presencePenalty: 0.5, frequencyPenalty: -0.5 });
  });

  it('maps json_object to responseMimeType application/json', () => {
    const body = upstreamBody({ ...hi, response_format: { type: 'json_object' } });
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('maps json_schema to responseJsonSchema (full JSON Schema) with responseMimeType', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    };
    const body = upstreamBody({ ...hi, response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } });
    const { $schema: _dialect, ...expected } = schema;
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: expected });
  });

  it('sends text response_format as nothing', () => {
    expect(upstreamBody({ ...hi, response_format: { type: 'text' } })).not.toHaveProperty('generationConfig');
  });

  it('passes safetySettings and thinkingConfig from the provider options', () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
    const body = upstreamBody(
      hi,
      makeCall({ options: { safetySettings, thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } } }),
    );
    expect(body.safetySettings).toEqual(safetySettings);
    expect(body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } });
  });
});
