/**
 * Specific processes (Stockport 004_0dc7e94071fd648b.txt s.3 "Specific Processes"): a disagreement
 * about one part of the safeguarding procedure follows its own guidance and, where the seed gives
 * one, its own route — a request for a Safeguarding Conference goes to ASC, then to the Head of the
 * Safeguarding Unit; dissent at a Section 42 conference to the line manager and/or Designated or
 * Named Professional, then the Head of the Safeguarding Unit. Dissent about a protection plan's
 * implementation follows the pack's stages with the Conference Chair copied into all
 * correspondence, and from the senior managers' stage on the reconvening of the Review Conference
 * is to be considered.
 *
 * Everything that reads an escalation's stages reads them through `routeOf`: the machine, the
 * reminders, the notices, the access rule and every surface see one route.
 */
import type { ProtocolPack, SpecificProcess } from '../protocol/pack-schema.js';
import type { EscalationProcess } from './escalation.js';

const routes = new WeakMap<ProtocolPack, Map<string, ProtocolPack>>();

/** The pack's process of that id, if it has one. */
export function processOf(
  pack: ProtocolPack,
  escalation: { readonly process?: EscalationProcess | undefined },
): SpecificProcess | undefined {
  const id = escalation.process?.id;
  return id === undefined ? undefined : pack.escalation.specificProcesses.find((p) => p.id === id);
}

/**
 * The pack as the escalation follows it: its process's own stages in place of the pack's, where
 * the process has a route of its own; otherwise the pack itself. The same object each time.
 */
export function routeOf(
  pack: ProtocolPack,
  escalation: { readonly process?: EscalationProcess | undefined },
): ProtocolPack {
  const process = processOf(pack, escalation);
  if (!process?.stages) return pack;
  let byProcess = routes.get(pack);
  if (!byProcess) routes.set(pack, (byProcess = new Map<string, ProtocolPack>()));
  let routed = byProcess.get(process.id);
  if (!routed) {
    routed = { ...pack, escalation: { ...pack.escalation, stages: process.stages } };
    byProcess.set(process.id, routed);
  }
  return routed;
}

/** What is wrong with the process a raise names: unknown, or a question unanswered or malformed. */
export function processProblems(pack: ProtocolPack, process: EscalationProcess | undefined): string[] {
  if (!process) return [];
  const known = pack.escalation.specificProcesses.find((p) => p.id === process.id);
  if (!known) return [`The ${pack.organisation.shortName} protocol has no specific process "${process.id}".`];
  const problems: string[] = [];
  const asked = new Set(known.questions.map((q) => q.id));
  const extra = Object.keys(process.answers).filter((id) => !asked.has(id));
  if (extra.length > 0) problems.push(`${known.name} does not ask: ${extra.join(', ')}.`);
  for (const q of known.questions) {
    const answer = process.answers[q.id]?.trim() ?? '';
    if (q.required && !answer) problems.push(`${known.name}: answer "${q.label}".`);
    if (answer && q.kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(answer))
      problems.push(`${known.name}: "${q.label}" must be an email address.`);
    if (answer && q.kind === 'yes-no' && answer !== 'yes' && answer !== 'no')
      problems.push(`${known.name}: "${q.label}" must be yes or no.`);
  }
  return problems;
}

/** Who is copied into all the escalation's correspondence (the Conference Chair), if anyone. */
export function copiedInto(
  pack: ProtocolPack,
  escalation: { readonly process?: EscalationProcess | undefined },
): { readonly name: string; readonly email: string; readonly label: string } | undefined {
  const copy = processOf(pack, escalation)?.copyInto;
  const answers = escalation.process?.answers ?? {};
  const email = copy && answers[copy.emailQuestion]?.trim();
  if (!copy || !email) return undefined;
  return { name: answers[copy.nameQuestion]?.trim() || copy.label, email, label: copy.label };
}

/** The considerations due at the escalation's current stage (reconvening the Review Conference). */
export function considerationsAt(
  pack: ProtocolPack,
  escalation: { readonly process?: EscalationProcess | undefined; readonly stage: number },
): SpecificProcess['considerations'] {
  return (processOf(pack, escalation)?.considerations ?? []).filter((c) => escalation.stage >= c.fromStage);
}
