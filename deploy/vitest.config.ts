import { defineProject } from 'vitest/config';

// `pnpm deploy` and the child servers take longer than a unit test; each file bounds its own steps.
export default defineProject({ test: { name: 'deploy', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } });
