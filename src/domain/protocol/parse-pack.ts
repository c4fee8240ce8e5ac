/**
 * Validates raw pack data and reports every problem with its location, so an administrator
 * adding a pack sees "file: path: what is wrong" for each mistake at once.
 */
import type { z } from 'zod';
import { PackError } from '../shared/errors.js';
import { packSchema, type ProtocolPack } from './pack-schema.js';

export interface PackProblem {
  readonly path: string;
  readonly message: string;
}

export type PackParseResult =
  | { readonly kind: 'valid'; readonly pack: ProtocolPack }
  | { readonly kind: 'invalid'; readonly problems: readonly PackProblem[] };

/** Parses pack data (already decoded from JSON). Never throws for bad data: returns the problems. */
export function parsePack(data: unknown): PackParseResult {
  const result = packSchema.safeParse(data);
  if (result.success) return { kind: 'valid', pack: deepFreeze(result.data) };
  return { kind: 'invalid', problems: result.error.issues.map(toProblem) };
}

/**
 * Parses pack data and throws a `PackError` whose message lists every problem, prefixed by `origin`
 * (usually the file name).
 * @example parsePackOrThrow(JSON.parse(text), 'packs/tameside.json')
 */
export function parsePackOrThrow(data: unknown, origin: string): ProtocolPack {
  const result = parsePack(data);
  if (result.kind === 'valid') return result.pack;
  throw new PackError(formatPackProblems(origin, result.problems), { origin, problems: result.problems });
}

export function formatPackProblems(origin: string, problems: readonly PackProblem[]): string {
  return problems.map((p) => `${origin}: ${p.path}: ${p.message}`).join('\n');
}

function toProblem(issue: z.core.$ZodIssue): PackProblem {
  const path =
    issue.path.length === 0
      ? '(pack)'
      : issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '');
  return { path, message: issue.message };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
