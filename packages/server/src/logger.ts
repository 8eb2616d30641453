/** @module The one pino logger of a server process; secrets in headers and config are redacted. */
import { type Logger, pino } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["api-key"]',
        'headers.authorization',
        'headers["x-api-key"]',
        'headers["api-key"]',
        '*.apiKey',
        'apiKey',
        '*.adminKey',
        'adminKey',
      ],
      censor: '[redacted]',
    },
  });
}
