/**
 * The Telemetry port on pino (JSON lines on stdout) and the OpenTelemetry API (spans; no-op
 * unless an SDK is registered — see azure-monitor.ts). Every line carries the fields of the
 * context it was written in (the HTTP request id) through AsyncLocalStorage. Personal data is kept
 * out twice: the port takes flat primitive fields only, and pino's `redact` censors the keys that
 * would hold it should one ever be passed (names, emails, NHS numbers, message text, card data,
 * authorization headers).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Telemetry, TelemetryFields } from '../app/telemetry.js';

/** Keys whose values are personal data or secrets wherever they appear (two levels deep). */
const PERSONAL = [
  'name',
  'displayName',
  'email',
  'emails',
  'nhsNumber',
  'dateOfBirth',
  'text',
  'body',
  'message',
  'value',
  'card',
  'data',
  'details',
  'authorization',
  'cookie',
  'token',
];
export const REDACT_PATHS = [
  ...PERSONAL,
  ...PERSONAL.map((key) => `*.${key}`),
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface PinoTelemetryOptions {
  /** Where lines go: stdout by default (written synchronously, so a crash loses none). */
  readonly destination?: DestinationStream | undefined;
  readonly level?: string | undefined;
}

export function createPinoTelemetry(options: PinoTelemetryOptions = {}): Telemetry & { readonly logger: Logger } {
  const context = new AsyncLocalStorage<TelemetryFields>();
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'safeguard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => context.getStore() ?? {},
    },
    options.destination ?? process.stdout,
  );
  const tracer = trace.getTracer('safeguard');
  return {
    logger,
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    span: (name, attributes, work) =>
      tracer.startActiveSpan(name, { attributes: defined(attributes) }, async (span) => {
        try {
          return await work();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
          throw error;
        } finally {
          span.end();
        }
      }),
    withContext: (fields, work) => context.run({ ...context.getStore(), ...defined(fields) }, work),
  };
}

function defined(fields: TelemetryFields): TelemetryFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
