// The built package as Node itself loads it (vitest transforms sources and hides ESM/CommonJS
// interop mistakes): every dependency resolves, custom patterns are checked, deny-lists compile.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it('loads dist/index.js in plain Node and runs a gateway with custom patterns and a deny-list', () => {
  const script = `
    import { createGateway } from '@switchyard/core';
    import { mockProvider } from '@switchyard/provider-mock';
    import { redactionPlugin } from './dist/index.js';
    const gw = await createGateway({
      config: {
        providers: { mock: { type: 'mock' } },
        models: { fast: { provider: 'mock', model: 'echo' } },
        plugins: { redaction: { custom: [{ name: 'employee_id', pattern: 'EMP-\\\\d{6}' }], denyLists: [{ name: 'codename', terms: ['Night-jar'] }] } },
      },
      providers: [mockProvider],
      plugins: [redactionPlugin],
    }).ready();
    const res = await gw.chat({ model: 'fast', messages: [{ role: 'user', content: 'EMP-123456 on Night-jar, mail a@example.com' }] });
    console.log(res.choices[0].message.content);
    await gw.close();
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(out.trim()).toBe('<EMPLOYEE_ID_1> on <CODENAME_1>, mail <EMAIL_1>');
});
