/**
 * `safeguard check-email FILE.eml`: runs the Outlook on-send check on a saved email and prints
 * the verdict as JSON, so administrators can see what the add-in would ask about (and tune their
 * domains and case-reference pattern) without sending anything. The verdict gives positions,
 * never the matched text. Exit 0 whatever the verdict; 2 for a mistake in the command line or a
 * file that cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { detectSharing } from '../../domain/detection/detect-sharing.js';
import { compileCaseReferencePattern } from '../../domain/detection/case-reference.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { parseEml } from '../../mail/parse-eml.js';
import type { PackRegistry } from '../../packs/pack-registry.js';
import { type CliIo, parseOptions, UsageError } from '../cli-io.js';

export const CHECK_EMAIL_USAGE =
  'safeguard check-email FILE.eml [--domains a.org,b.org] [--case-ref-pattern REGEX] [--pack PACK_ID]';

/** `packs` is called only when --pack is given, so the command works without reading any pack. */
export async function checkEmailCommand(
  args: readonly string[],
  io: CliIo,
  packs: () => Promise<PackRegistry>,
): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    domains: { type: 'string' },
    'case-ref-pattern': { type: 'string' },
    pack: { type: 'string' },
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UsageError(`check-email takes one .eml file\n${CHECK_EMAIL_USAGE}`);

  const ownDomains = values.domains
    ?.split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  if (ownDomains !== undefined && ownDomains.length === 0)
    throw new UsageError('--domains must name at least one domain, such as stockport.gov.uk');
  if (values['case-ref-pattern'] !== undefined) {
    try {
      compileCaseReferencePattern(values['case-ref-pattern']); // a bad pattern is a command-line mistake: exit 2
    } catch (error) {
      if (error instanceof ValidationError) throw new UsageError(`--case-ref-pattern: ${error.message}`);
      throw error;
    }
  }

  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read "${file}": ${readProblem(error)}`);
  }
  // The flag wins over the pack's pattern; a pack may have none.
  const caseReferencePattern =
    values['case-ref-pattern'] ??
    (values.pack === undefined ? undefined : (await packs()).get(values.pack).caseReference?.pattern);

  const verdict = detectSharing(parseEml(raw), { ownDomains, caseReferencePattern });
  io.out(JSON.stringify(verdict, null, 2));
  return 0;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
