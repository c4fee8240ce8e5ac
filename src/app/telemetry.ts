/**
 * The Telemetry port: structured log lines and trace spans, for the core and every adapter. The
 * composition root installs the real one (src/observability: pino JSON lines, OpenTelemetry
 * spans); until then warnings and errors go to the console as JSON and spans are not recorded.
 * Fields are flat primitives on purpose (ids, kinds, counts, durations): an object — an activity,
 * a card, a request body — cannot be handed in whole, so case data has no way into a log line or a
 * span. Messages are fixed text written here, never text a user typed.
 */
export type TelemetryValue = string | number | boolean | undefined;
export type TelemetryFields = Readonly<Record<string, TelemetryValue>>;

export interface Telemetry {
  info(message: string, fields?: TelemetryFields): void;
  warn(message: string, fields?: TelemetryFields): void;
  error(message: string, fields?: TelemetryFields): void;
  /** Runs `work` in a span (a child of the current one); an error thrown ends it marked failed, then propagates. */
  span<T>(name: string, attributes: TelemetryFields, work: () => Promise<T>): Promise<T>;
  /** Runs `work` with `fields` (a request id) added to every log line written inside it, however deep. */
  withContext<T>(fields: TelemetryFields, work: () => T): T;
}

/** Before one is installed (the command line, a test of the core): warnings and errors only, as JSON. */
const fallback: Telemetry = {
  info: () => undefined,
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields })),
  span: (_name, _attributes, work) => work(),
  withContext: (_fields, work) => work(),
};

let current: Telemetry = fallback;

/** What every module logs and traces through; forwards to the installed implementation. */
export const telemetry: Telemetry = {
  info: (message, fields) => current.info(message, fields),
  warn: (message, fields) => current.warn(message, fields),
  error: (message, fields) => current.error(message, fields),
  span: (name, attributes, work) => current.span(name, attributes, work),
  withContext: (fields, work) => current.withContext(fields, work),
};

export function installTelemetry(implementation: Telemetry): void {
  current = implementation;
}

/** An error's kind only (its name): messages from remote services and the database may quote case data. */
export function errorKind(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
