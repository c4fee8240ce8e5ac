/**
 * `safeguard packs validate | list | explain`: check pack files before an organisation goes live.
 */
import { relative } from 'node:path';
import { loadConfig } from '../../config.js';
import { formatPackProblems } from '../../domain/protocol/parse-pack.js';
import { ruleCatalogue } from '../../domain/protocol/rule-catalogue.js';
import { BUNDLED_PACKS_DIR, loadPacks, validatePackFiles } from '../../packs/pack-registry.js';
import { type CliIo, UsageError } from '../cli-io.js';

export const PACKS_USAGE = `safeguard packs validate [FILE.json|FOLDER ...]   (default: the bundled packs and SAFEGUARD_PACKS_DIR)
safeguard packs list
safeguard packs explain PACK   (every rule, its seed section, and what the product does about it)`;

export async function packsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...paths] = args;
  if (action === 'list') {
    for (const p of (await loadPacks({ extraDirs: loadConfig(io.env).extraPackDirs })).all())
      io.out(`${p.id}\t${p.nation}\t${p.organisation.name}`);
    return 0;
  }
  if (action === 'explain') return explain(paths[0], io);
  if (action !== 'validate') throw new UsageError(`unknown packs action "${action ?? ''}"\n${PACKS_USAGE}`);
  const targets = paths.length > 0 ? paths : [BUNDLED_PACKS_DIR, ...loadConfig(io.env).extraPackDirs];
  const results = await validatePackFiles(targets);
  if (results.length === 0) throw new UsageError('no pack files found there');
  for (const r of results) {
    const file = relative(process.cwd(), r.file) || r.file;
    if (r.kind === 'valid')
      io.out(
        `ok       ${file}: ${r.pack.organisation.name} (${r.pack.id}, ${r.pack.escalation.stages.length} escalation stages, ${r.pack.sharingExceptions.length} sharing exceptions)`,
      );
    else io.out(`INVALID  ${formatPackProblems(file, r.problems)}`);
  }
  const invalid = results.filter((r) => r.kind === 'invalid').length;
  if (invalid > 0) io.err(`${invalid} of ${results.length} pack files are invalid`);
  return invalid > 0 ? 1 : 0;
}

async function explain(packId: string | undefined, io: CliIo): Promise<number> {
  if (!packId) throw new UsageError(`which pack?\n${PACKS_USAGE}`);
  const packs = await loadPacks({ extraDirs: loadConfig(io.env).extraPackDirs });
  const pack = packs.all().find((p) => p.id === packId);
  if (!pack)
    throw new UsageError(
      `no pack "${packId}": ${packs
        .all()
        .map((p) => p.id)
        .join(', ')}`,
    );
  io.out(`${pack.organisation.name} (${pack.id}), from ${pack.source.title} (${pack.source.seed})`);
  for (const row of ruleCatalogue(pack)) {
    io.out('');
    io.out(`${row.section}: "${row.rule.length > 160 ? `${row.rule.slice(0, 157)}...` : row.rule}"`);
    io.out(`  -> ${row.does}`);
  }
  return 0;
}
