import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'provider-mock', include: ['test/**/*.test.ts'] } });
