#!/usr/bin/env node
// The preset server's CLI: the `switchyard` commands with every preset provider and plugin registered.
import { run } from '../dist/index.js';

await run(process.argv.slice(2));
