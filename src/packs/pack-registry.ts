/**
 * Loads protocol packs from JSON files: the five bundled with the product, plus any folder an
 * administrator names. A new organisation is a new file, never a code change. Every problem is
 * reported as "file: path: what is wrong", all at once.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import { formatPackProblems, parsePack, type PackProblem } from '../domain/protocol/parse-pack.js';
import { NotFoundError, PackError } from '../domain/shared/errors.js';

export const BUNDLED_PACKS_DIR = fileURLToPath(new URL('../domain/protocol/packs/', import.meta.url));

export interface PackRegistry {
  all(): readonly ProtocolPack[];
  has(packId: string): boolean;
  /** The pack, or a NotFoundError naming the packs there are. */
  get(packId: string): ProtocolPack;
}

export type PackFileResult =
  | { readonly file: string; readonly kind: 'valid'; readonly pack: ProtocolPack }
  | { readonly file: string; readonly kind: 'invalid'; readonly problems: readonly PackProblem[] };

/** Validates pack files; a folder stands for every `.json` file in it. Never throws for bad packs. */
export async function validatePackFiles(paths: readonly string[]): Promise<PackFileResult[]> {
  const files = (await Promise.all(paths.map(expand))).flat();
  const results = await Promise.all(files.map(validateFile));
  return withDuplicateIds(results);
}

/** Loads the bundled packs and those in `extraDirs`; throws a PackError listing every problem. */
export async function loadPacks(options: { readonly extraDirs?: readonly string[] } = {}): Promise<PackRegistry> {
  const results = await validatePackFiles([BUNDLED_PACKS_DIR, ...(options.extraDirs ?? [])]);
  const invalid = results.filter((r): r is Extract<PackFileResult, { kind: 'invalid' }> => r.kind === 'invalid');
  if (invalid.length > 0) {
    throw new PackError(invalid.map((r) => formatPackProblems(r.file, r.problems)).join('\n'), {
      files: invalid.map((r) => r.file),
    });
  }
  const packs = new Map(results.flatMap((r) => (r.kind === 'valid' ? [[r.pack.id, r.pack] as const] : [])));
  return {
    all: () => [...packs.values()],
    has: (packId) => packs.has(packId),
    get(packId) {
      const pack = packs.get(packId);
      if (!pack)
        throw new NotFoundError(`No protocol pack "${packId}". Packs: ${[...packs.keys()].join(', ')}.`, { packId });
      return pack;
    },
  };
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [path];
  if (!info.isDirectory()) return [path];
  return (await readdir(path))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
}

async function validateFile(file: string): Promise<PackFileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { file, kind: 'invalid', problems: [{ path: '(file)', message: 'cannot be read (does it exist?)' }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      file,
      kind: 'invalid',
      problems: [{ path: '(file)', message: `is not valid JSON: ${(error as Error).message}` }],
    };
  }
  const parsed = parsePack(data);
  return parsed.kind === 'valid'
    ? { file, kind: 'valid', pack: parsed.pack }
    : { file, kind: 'invalid', problems: parsed.problems };
}

function withDuplicateIds(results: PackFileResult[]): PackFileResult[] {
  const firstFile = new Map<string, string>();
  return results.map((r) => {
    if (r.kind !== 'valid') return r;
    const earlier = firstFile.get(r.pack.id);
    if (earlier === undefined) {
      firstFile.set(r.pack.id, r.file);
      return r;
    }
    return {
      file: r.file,
      kind: 'invalid',
      problems: [{ path: 'id', message: `"${r.pack.id}" is already the id of the pack in ${basename(earlier)}` }],
    };
  });
}
