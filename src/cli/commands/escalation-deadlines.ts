/**
 * `safeguard escalation deadlines --pack ID --start ISO`: what an escalation under a pack would
 * owe, if each stage started at --start (stage deadlines run from the start of their stage).
 */
import type { PackRegistry } from '../../packs/pack-registry.js';
import { calendarForPack } from '../../composition.js';
import { formatLondon } from '../../domain/calendar/london-time.js';
import { riskResponseDue, startStage } from '../../domain/escalation/escalation-machine.js';
import { RISK_LEVELS } from '../../domain/protocol/pack-schema.js';
import { type CliIo, instantOption, parseOptions, required } from '../cli-io.js';

export const ESCALATION_USAGE = 'safeguard escalation deadlines --pack PACK_ID --start 2026-11-25T14:30:00Z';

export function escalationDeadlinesCommand(args: readonly string[], io: CliIo, packs: PackRegistry): number {
  const { values } = parseOptions(args, { pack: { type: 'string' }, start: { type: 'string' } });
  const pack = packs.get(required(values.pack, 'pack'));
  const start = instantOption(values.start, 'start');
  const ctx = { pack, calendar: calendarForPack()(pack) };
  const stages = pack.escalation.stages.map((stage) => ({
    stage: stage.number,
    name: stage.name,
    parties: stage.parties,
    deadlines: startStage(ctx, stage, start).deadlines.map((d) => ({ ...d, london: formatLondon(d.dueAt, 'zoned') })),
    citation: stage.citation,
  }));
  const riskResponses = RISK_LEVELS.flatMap((level) => {
    const dueAt = riskResponseDue(ctx, level, start);
    return dueAt ? [{ level, dueAt, london: formatLondon(dueAt, 'zoned') }] : [];
  });
  io.out(
    JSON.stringify({ pack: pack.id, nation: pack.nation, start: start.toISOString(), stages, riskResponses }, null, 2),
  );
  return 0;
}
