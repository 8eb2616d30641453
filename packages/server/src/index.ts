/** @module @switchyard/server: the fastify host, config loading and the `switchyard` CLI. */
export * from './anthropic/index.js';
export { type App, type AppOptions, buildApp } from './app.js';
export { type CheckOptions, type CheckResult, checkConfig } from './check.js';
export { type CliHost, main } from './cli.js';
export {
  interpolateEnv,
  loadConfigFile,
  parseConfigText,
  type ServerConfig,
  type ServerConfigInput,
  ServerConfigSchema,
  validateServerConfig,
} from './config.js';
export { toHttpError } from './http-errors.js';
export { createLogger } from './logger.js';
export { loadPlugin, loadProvider } from './modules.js';
export { contextFor, gatewayHeaders, requestIdFrom } from './request-context.js';
export * from './responses/index.js';
export { createServer, handleSignals, type ServerOptions, type SwitchyardServer } from './server.js';
export { SSE_HEADERS, writeSse } from './sse.js';
