/**
 * Shared pieces of the fuzz suites: how many runs (seeded, small in `npm test`, large in
 * `npm run fuzz`), hostile values, field-by-field mutation of a valid body into raw JSON text
 * (so deep nesting, `__proto__` keys and duplicate keys reach the server as a client could send
 * them), and the oracles every answer must meet.
 */
import { request } from 'node:http';
import fc from 'fast-check';

/** `FUZZ_RUNS` scales every property; `npm test` keeps the defaults below. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 0);
/** A fixed seed in `npm test` (reproducible); `npm run fuzz` takes FUZZ_SEED or a new one, printed on failure by fast-check. */
export const SEED = Number(process.env['FUZZ_SEED'] ?? (FUZZ_RUNS ? Date.now() % 2 ** 31 : 20261201));
fc.configureGlobal({ seed: SEED });

/** Runs for a property: `base` in `npm test`, FUZZ_RUNS under `npm run fuzz`. */
export const runs = (base: number): number => (FUZZ_RUNS ? Math.max(FUZZ_RUNS, base) : base);
/** Jest's time limit for a test running `n` properties of `base` runs each at about `msPerRun`. */
export const timeLimit = (base: number, properties = 1, msPerRun = 60): number =>
  30_000 + runs(base) * properties * msPerRun;

/** A raw JSON text to put where a value goes (lets the suites send what JSON.stringify cannot build). */
export class Raw {
  constructor(readonly text: string) {}
}

const nested = (open: string, close: string, inner: string, depth: number) =>
  new Raw(`${open.repeat(depth)}${inner}${close.repeat(depth)}`);
/** Any UTF-16 code unit, so lone surrogates appear too (fast-check's own units never produce them). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings chosen to break things: NUL, half characters, direction overrides, sizes, markup, look-alike dates and ids. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ude00x',
  '\u202eevil',
  'Pat \u202eelpmaxE',
  '👩🏽‍⚕️ 🏳️‍🌈',
  '\ufeffBOM',
  '\u200b',
  'x'.repeat(10_001),
  'x'.repeat(200_000),
  '漢'.repeat(1_000),
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  '${7*7}',
  '{{DATE(2026-01-01T00:00:00Z)}}',
  '[Open the record](https://evil.example/login) **URGENT**',
  '2026-02-30',
  '9999-12-31',
  '0000-01-01',
  '+275760-09-13T00:00:00Z',
  '2026-11-25T25:61:00Z',
  '24:00',
  '99:99',
  '------------------------------------',
  '00000000-0000-0000-0000-000000000000',
  'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  '__proto__',
  'constructor',
  'toString',
  'not-an-email@',
  'a@b.c',
];

/** Values of every JSON shape that do not belong: wrong types, extremes, deep nesting, prototype keys. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  [],
  {},
  [''],
  [null],
  { a: 1 },
  Array.from({ length: 10_000 }, () => 'x'),
  nested('[', ']', '', 1_000),
  nested('[', ']', '', 100_000),
  nested('{"a":', '}', '1', 10_000),
  nested('{"a":', '}', '1', 60_000),
  new Raw(
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}}',
  ),
];

/** A value to put in a field: a targeted hostile one, a random string (any code unit), or random JSON. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type Path = readonly (string | number)[];

/** Every path to a leaf (and to each object and array) in a JSON value. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** One change to a valid body. */
export type Mutation =
  | { readonly kind: 'set'; readonly path: Path; readonly value: unknown }
  | { readonly kind: 'delete'; readonly path: Path }
  | { readonly kind: 'duplicate-key'; readonly path: Path; readonly value: unknown }
  | { readonly kind: 'add-key'; readonly key: string; readonly value: unknown };

/** Mutations of `valid`, field by field, plus unknown and prototype keys at the top. */
export function mutationOf(valid: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(valid);
  const objectKeys = paths.filter((p) => p.length > 0 && typeof p[p.length - 1] === 'string');
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path, value: hostileValue }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constant([] as Path), value: hostileValue }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path }) },
    ...(objectKeys.length
      ? [
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('duplicate-key' as const),
              path: fc.constantFrom(...objectKeys),
              value: hostileValue,
            }),
          },
        ]
      : []),
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('add-key' as const),
        key: fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          'extra',
          'raisedBy',
          'escalatedBy',
          'userId',
        ),
        value: hostileValue,
      }),
    },
  );
}

const MARK = '@@fuzz-raw@@';

/** Serialises a value to JSON text, with Raw values inserted as their text. */
export function toJsonText(value: unknown): string {
  const raws: Raw[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v);
      return `${MARK}${raws.length - 1}`;
    }
    return v;
  });
  return text.replace(new RegExp(`"${MARK}(\\d+)"`, 'g'), (_all, i: string) => raws[Number(i)]!.text);
}

/** The valid body with the mutation applied, as the raw JSON text to send; and the string it put in a field, if any. */
export function applyMutation(
  valid: unknown,
  m: Mutation,
): { text: string; sentString?: { path: Path; value: string } } {
  const body = structuredClone(valid) as Record<string | number, unknown>;
  if (m.kind === 'add-key') {
    const extra = JSON.stringify(m.key);
    const text = toJsonText(body);
    return {
      text:
        text === '{}' ? `{${extra}:${toJsonText(m.value)}}` : `${text.slice(0, -1)},${extra}:${toJsonText(m.value)}}`,
    };
  }
  if (m.path.length === 0) return { text: m.kind === 'delete' ? '' : toJsonText(m.value) };
  const parent = m.path.slice(0, -1).reduce<any>((node, key) => node[key], body); // any: walking JSON by path
  const key = m.path[m.path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return { text: toJsonText(body) };
  }
  if (m.kind === 'duplicate-key') {
    // The valid value first, then the hostile one under the same key: JSON.parse keeps the last.
    const validText = toJsonText(parent[key]);
    parent[key] = new Raw(`${validText},${JSON.stringify(key)}:${toJsonText(m.value)}`);
  } else parent[key] = m.value;
  const sent = typeof m.value === 'string' ? { path: m.path, value: m.value } : undefined;
  return { text: toJsonText(body), ...(sent ? { sentString: sent } : {}) };
}

/**
 * Whether a stored JSON value holds `text` exactly: as one of its strings, or — for fields that
 * are trimmed or composed into a longer text (a confirmation email) — the trimmed text within one.
 */
export function holdsString(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value === text || value.includes(text.trim());
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => holdsString(v, text));
}

/** The oracle for any HTTP answer: 2xx, or 4xx with a JSON message (422: the protocol's reasons). */
export function answerProblem(status: number, bodyText: string): string | undefined {
  if (status >= 500 || status < 200 || (status >= 300 && status < 400))
    return `status ${status}: ${bodyText.slice(0, 300)}`;
  if (status < 400) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return `status ${status} with a body that is not JSON: ${bodyText.slice(0, 300)}`;
  }
  const b = body as { message?: unknown; reasons?: unknown; value?: { message?: unknown } };
  if (typeof b.message === 'string' || typeof b.value?.message === 'string') return undefined;
  if (status === 422 && Array.isArray(b.reasons)) return undefined;
  return `status ${status} without a message: ${bodyText.slice(0, 300)}`;
}

/**
 * One HTTP request on a connection of its own. Reusing a keep-alive connection after the server
 * refused a body as too large fails with ECONNRESET (security review L5, fixed on the HTTP side
 * separately); a fresh connection keeps each run independent of the one before.
 */
export function httpRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Collects the product's own error lines (a failed request or turn) while the suite runs. */
export function watchServerErrors(): { readonly lines: string[]; stop(): void } {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('safeguard:')) lines.push(line);
    else original(...args);
  };
  return { lines, stop: () => void (console.error = original) };
}

/** The fuzz suites send thousands of writes as one person: the per-person write limit is off, so each is validated. */
export { UNPACED as NO_WRITE_LIMIT } from '../helpers/bot-harness.js';
