import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/vitest-summary-reporter.js';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'bench', 'deploy'],
    reporters: ['default', new SummaryReporter()],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
