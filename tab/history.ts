/**
 * What happened to an escalation, as the tab shows and prints it: what was raised, each stage
 * (who escalated it to whom and why, its discussions), the notes, how it ended and the de-brief.
 */
import { missingEmailWarning } from '../src/domain/escalation/other-agency-emails.js';
import { agreementBinding, type Escalation, type Party } from '../src/domain/escalation/escalation.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import type { ProtocolPack } from '../src/domain/protocol/pack-schema.js';
import { considerationsAt, copiedInto, processOf, routeOf } from '../src/domain/escalation/specific-processes.js';
import { el, facts } from './dom.js';

const who = (p: Party | undefined) => p && `${p.name}, ${p.role}, ${p.agency}`;
const when = (iso: string | undefined) => iso && formatLondon(iso, 'long');

/** The raising facts: what the disagreement is about and what the raiser seeks. */
export function raisedFacts(pack: ProtocolPack, e: Escalation): HTMLElement {
  const nature = (id: string) => pack.escalation.disagreementNatures.find((n) => n.id === id)?.label ?? id;
  const process = processOf(pack, e);
  const copied = copiedInto(pack, e);
  return facts([
    ['Specific process', process?.name],
    ...(process?.questions ?? []).map((q) => [q.label, e.process?.answers[q.id]] as [string, string | undefined]),
    [copied ? `Copied into all correspondence (${copied.label})` : '', copied && `${copied.name}, ${copied.email}`],
    ...(e.state === 'open' ? considerationsAt(pack, e) : []).map(
      (c) => ['To consider', `${c.wording} (${c.citation.section})`] as [string, string],
    ),
    ['Raised by', who(e.raisedBy)],
    ['Opened', when(e.openedAt)],
    ['Other agency', `${e.otherAgency.name} (contact: ${who(e.otherAgency.contact) ?? ''})`],
    ['Other agency email', missingEmailWarning(pack, e.otherAgency.contact)],
    ['Risk', e.riskLevel],
    ['Risk response due', e.state === 'open' ? when(e.riskResponseDueAt) : undefined],
    ['What it is about', [...e.natures.map(nature), e.natureDetails].join('. ')],
    ['Outcome sought', e.outcomeSoughtBy ? `${e.outcomeSought} (by ${e.outcomeSoughtBy})` : e.outcomeSought],
    ["The adult's view", e.adultView?.kind === 'given' ? e.adultView.view : e.adultView?.reason],
  ]);
}

export function history(pack: ProtocolPack, e: Escalation): HTMLElement[] {
  const parts: HTMLElement[] = [el('h3', 'Stages')];
  const stages = el('ol', undefined, 'stages');
  for (const s of e.stages) {
    const item = el('li');
    const name = routeOf(pack, e).escalation.stages.find((p) => p.number === s.number)?.name ?? '';
    item.append(
      el('strong', `Stage ${s.number}: ${name}`),
      facts([
        ['Started', when(s.startedAt)],
        ['Escalated by', who(s.escalatedBy)],
        ['Escalated to', who(s.escalatedTo)],
        ['Why', s.reason],
      ]),
    );
    for (const d of s.discussions)
      item.append(
        el(
          'p',
          `Discussion ${when(d.heldAt) ?? ''} with ${d.parties.map((p) => p.name).join(', ')}: ${d.notes}`,
          'entry',
        ),
      );
    stages.append(item);
  }
  parts.push(stages);
  if (e.notes.length) {
    const notes = el('ul', undefined, 'notes');
    for (const n of e.notes) notes.append(el('li', `${when(n.at) ?? ''}, ${n.by}: ${n.text}`, 'entry'));
    parts.push(el('h3', 'Notes'), notes);
  }
  if (e.outcome) {
    const o = e.outcome;
    parts.push(
      el('h3', 'How it ended'),
      facts([
        ['Outcome', o.kind === 'resolved' ? 'Resolved' : o.kind === 'withdrawn' ? 'Withdrawn' : 'Concluded unresolved'],
        ['When', when(o.at)],
        ['By', o.by],
        ['Stage at conclusion', String(o.stageAtConclusion)],
        ['Summary', o.summary],
        ['Agreed actions', o.agreedActions.map((a) => `${a.description} (${a.owner}, by ${a.dueOn})`).join('; ')],
        ['Outstanding concerns', o.outstandingConcerns],
        ...(e.signatures ?? []).map(
          (s) => [`Signed for ${s.organisation}`, `${s.name}, ${s.role}, on ${s.signedOn}`] as [string, string],
        ),
        [
          'Agreement',
          pack.escalation.outcomeToOtherAgency?.signedByBoth && o.kind === 'resolved'
            ? agreementBinding(e)
              ? 'Signed by both organisations: binding'
              : 'Awaiting signature by both organisations'
            : undefined,
        ],
      ]),
    );
  }
  if (e.debrief) {
    const d = e.debrief;
    parts.push(
      el('h3', 'De-brief'),
      facts([
        ['When', when(d.at)],
        ['By', d.by],
        ['Held', d.held ? 'Yes' : 'No'],
        ['Notes', d.notes],
        ['General issues for the Board', d.generalIssues],
        ['Gaps in policies and procedures', d.policyGaps],
      ]),
    );
  }
  return parts;
}
