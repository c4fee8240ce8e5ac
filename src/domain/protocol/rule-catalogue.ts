/**
 * The rule catalogue of a pack: every rule it quotes, with its seed section and what the product
 * does about it — which surface, which check, clock or notice — or, for the rules a tool cannot
 * act on (the pack's `outsideTheTool`), why not. Generated from the pack, so an organisation's
 * new pack explains itself (`npx safeguard packs explain PACK`); a test keeps it complete.
 */
import type { ProtocolPack } from './pack-schema.js';
import { roleLabel } from './role-labels.js';

export interface CatalogueRow {
  /** Where the rule sits in the pack (`escalation.stages[1]`). */
  readonly path: string;
  readonly section: string;
  readonly rule: string;
  /** What the product does about it, or why nothing. */
  readonly does: string;
}

const SHARING_SURFACES = 'the Outlook on-send check and task pane, the Teams sharing card, POST /api/sharing-decisions';

export function ruleCatalogue(pack: ProtocolPack): CatalogueRow[] {
  const rows: CatalogueRow[] = [];
  const add = (path: string, rule: { wording: string; citation: { section: string } }, does: string) =>
    rows.push({ path, section: rule.citation.section, rule: rule.wording, does });
  const role = (id: string) => roleLabel(pack, id);

  if (pack.consent) {
    const c = pack.consent;
    add(
      'consent',
      c,
      `Sharing on consent needs the person's ${c.explicit ? 'explicit ' : ''}consent for that agency in the consent register (refused, withdrawn, expired or another agency's consent does not count)${c.capacityPresumed ? `; capacity presumed from ${c.capacityPresumed.fromAge}, checked from the date of birth` : ''}. Checked by ${SHARING_SURFACES}.${c.reading ? ` Our reading: ${c.reading}` : ''}`,
    );
    if (c.confidentialityLimits)
      add(
        'consent.confidentialityLimits',
        c.confidentialityLimits,
        'Every consent record says whether the person was told what cannot be kept confidential; consent recorded without it cannot be relied on.',
      );
  }
  pack.sharingExceptions.forEach((e, i) =>
    add(
      `sharingExceptions[${i}]`,
      e,
      `A basis to share without consent ("${e.code}"), offered by ${SHARING_SURFACES}; recorded in the hash-chained decision log.`,
    ),
  );
  const pit = pack.publicInterestTest;
  if (pit) {
    pit.grounds.forEach((g, i) =>
      add(
        `publicInterestTest.grounds[${i}]`,
        g,
        'A ground of the public-interest test for sharing without consent; the chosen grounds are recorded with the decision.',
      ),
    );
    add(
      'publicInterestTest.capacitatedAdultException',
      pit.capacitatedAdultException,
      'Asked whenever the public-interest test is taken; "yes" is a warning that needs a recorded justification, kept with the decision.',
    );
    pit.guidance.forEach((g, i) =>
      add(`publicInterestTest.guidance[${i}]`, g, 'Shown where the public-interest test is taken.'),
    );
  }
  pack.proportionality.forEach((p, i) =>
    add(
      `proportionality[${i}]`,
      p,
      p.confirm
        ? `The sharer confirms "${p.confirm}" before the decision is recorded.`
        : 'Shown with the sharing decision.',
    ),
  );
  pack.recordKeeping.forEach((r, i) => {
    const fields = [...new Set([...r.requires.share, ...r.requires.notShare])];
    add(
      `recordKeeping[${i}]`,
      r,
      fields.length
        ? `A decision is recorded only with: ${fields.join(', ')} (share: ${r.requires.share.join(', ') || '—'}; not to share: ${r.requires.notShare.join(', ') || '—'}).`
        : 'Kept by the escalation record: discussions, notes, outcome and agreed actions are stored with every transition.',
    );
  });
  pack.sharingGuidance.forEach((g, i) =>
    add(
      `sharingGuidance[${i}]`,
      g,
      `Shown ${g.at === 'decision' ? 'on every sharing decision' : g.at === 'without-consent' ? 'beside the bases for sharing without consent' : 'beside a decision not to share'}.`,
    ),
  );
  pack.riskResponses.forEach((r, i) =>
    add(
      `riskResponses[${i}]`,
      r,
      `A clock from raising an escalation${r.level === 'any' ? '' : ` at ${r.level} risk (or changing the risk to it)`}, or from logging a phone discussion at ${r.level === 'any' ? 'increasing or imminent' : r.level} risk (card, REST): due ${r.limit.kind === 'within-hours' ? `within ${r.limit.hours} hours` : 'by the end of the working day'}; the owner (the recorder) is reminded then; met when a discussion is recorded (in the escalation; about the person).`,
    ),
  );

  const esc = pack.escalation;
  if (esc.beforeEscalating.wording && esc.beforeEscalating.citation) {
    add(
      'escalation.beforeEscalating',
      { wording: esc.beforeEscalating.wording, citation: esc.beforeEscalating.citation },
      esc.beforeEscalating.askAdultView
        ? "The raise form (card, tab, REST) asks for the adult's view, or why it was not asked; raising without either is refused."
        : 'Shown on the raise form.',
    );
  }
  if (esc.timescaleRequired)
    add(
      'escalation.timescaleRequired',
      esc.timescaleRequired,
      'The raise form (card, REST) asks by when the outcome is sought as well as what it is; raising without a date is refused.',
    );
  esc.stages.forEach((s, i) => {
    const owner =
      s.isBoard || s.ownedByRoleHolders
        ? `the holders of ${s.parties.map(role).join(', ')} (${s.isBoard ? 'a Board stage: ' : ''}never routed through line management)`
        : s.number === 1
          ? "the raiser's line manager"
          : 'the line manager of whoever escalates it, or a colleague they name';
    const clocks = s.deadlines.map(
      (d) =>
        `${d.label}: ${d.workingDays} working days${d.metBy ? ', met by a recorded discussion' : ''}${d.onMissed === 'escalate' ? ', then it moves to the next stage by itself' : ', reminded the morning of and at the deadline'}`,
    );
    add(
      `escalation.stages[${i}]`,
      s,
      `Stage ${s.number} (${s.name}): owned by ${owner}${s.raiserIsParty ? ', and the raiser' : ''}, who is told when it starts (Teams card, else email)${clocks.length ? `; ${clocks.join('; ')}` : ''}${s.enterOnRiskEscalation ? '; reached straight from any stage when risk escalates' : ''}${s.allowsMediation ? '; or referred to an independent mediator outside the organisation, who is emailed the request' : ''}${s.mayConcludeUnresolved ? '; may be concluded unresolved here, with the outstanding concerns recorded, instead of escalating' : ''}.`,
    );
    if (s.discussionConfirmed)
      add(
        `escalation.stages[${i}].discussionConfirmed`,
        s.discussionConfirmed,
        `Each discussion recorded at stage ${s.number} (card, tab, REST) is confirmed in writing: its key points — when, between whom, the notes — are emailed to the other agency's contact through the outbox, by case reference.`,
      );
  });
  esc.specificProcesses.forEach((proc, i) => {
    const at = `escalation.specificProcesses[${i}]`;
    const asks = proc.questions.map((q) => q.label);
    add(
      at,
      proc,
      `A choice when raising (card, REST \`process\`): "${proc.name}"${asks.length ? `, asking ${asks.join('; ')} (required ones refused when missing)` : ''}; ${proc.stages ? `it follows its own ${proc.stages.length} stages below, not the pack's` : "it follows the pack's stages"}, shown with its wording on the card and in the tab.`,
    );
    proc.stages?.forEach((s, j) =>
      add(
        `${at}.stages[${j}]`,
        s,
        `Stage ${s.number} of this process (${s.name}): owned by ${s.ownedByRoleHolders || s.isBoard ? `the holders of ${s.parties.map(role).join(', ')}, never routed through line management` : s.number === 1 ? "the raiser's line manager" : `the colleague it is escalated to, else the holders of ${s.parties.map(role).join(', ')}`}${s.raiserIsParty ? ', and the raiser' : ''}, told when it starts (Teams card, else email).`,
      ),
    );
    if (proc.copyInto)
      add(
        `${at}.copyInto`,
        proc.copyInto,
        `The ${proc.copyInto.label} named when raising is emailed a copy of every stage's notice, any mediation request and the outcome (by case reference), through the outbox.`,
      );
    proc.considerations.forEach((c, k) =>
      add(
        `${at}.considerations[${k}]`,
        c,
        `From stage ${c.fromStage} on, while it is open, the card and the tab show it as something to consider; the decision stays with the managers.`,
      ),
    );
  });
  if (esc.exceptionalSkip)
    add(
      'escalation.exceptionalSkip',
      esc.exceptionalSkip,
      'A later stage may be chosen only with the exceptional circumstances, recorded on the stage (card, tab, REST); otherwise skipping is refused.',
    );
  if (esc.stageToOtherAgency)
    add(
      'escalation.stageToOtherAgency',
      esc.stageToOtherAgency,
      "When each stage starts (raised, escalated, or straight to a stage when risk escalates), the other agency's contact is emailed through the outbox: the stage, its wording, the reason and whom to reach, by case reference, so they take it to their own agency's equivalent. Their agency's line management is outside this organisation's directory, so the product does not route inside it.",
    );
  if (esc.outcomeToOtherAgency)
    add(
      'escalation.outcomeToOtherAgency',
      esc.outcomeToOtherAgency,
      `When the escalation is resolved or concluded, the outcome, agreed actions and any outstanding concerns are emailed to the other agency's contact, and to each participant of another agency whose email a recorded discussion gives, through the outbox (by case reference, not the person's name)${esc.outcomeToOtherAgency.signedByBoth ? "; the email asks for the agreement to be signed and returned, each organisation's signature (who, role, date) is recorded on the resolved escalation (card, tab, REST), and it shows as binding once both are" : ''}.`,
    );
  if (esc.debrief)
    add(
      'escalation.debrief',
      esc.debrief,
      `After a resolution or conclusion the raiser is asked (a Teams card through the outbox) and records it${pack.board.copyEscalationNotices ? `; its general issues go to the ${role(pack.board.businessManagerRole)}` : ''}.`,
    );
  if (esc.policyGaps)
    add(
      'escalation.policyGaps',
      esc.policyGaps,
      `The de-brief (card, tab, REST) asks for gaps in policies and procedures the process highlighted, kept with the escalation; they go to the holders of ${esc.policyGaps.toRoles.map(role).join(', ')} through the outbox (Teams card, else email), apart from the general issues.`,
    );
  pack.lineManagerReports.forEach((r, i) => {
    const to = !r.reportTo.includes('line-manager')
      ? `the holders of ${r.reportTo.map(role).join(' or ')}`
      : r.aboutStaff
        ? `the line manager of the member of staff it is about${r.nextLineManagerOption ? ' (and, if the reporter asks, the next line manager)' : ''}`
        : "the reporter's line manager";
    const senior = r.reportTo.includes('line-manager')
      ? r.reportTo.filter((id) => id !== 'line-manager').map(role)
      : [];
    add(
      `lineManagerReports[${i}]`,
      r,
      `"Tell my line manager" (${r.kind}, card and POST /api/line-manager-reports): recorded${r.examples.length ? ` with its kind (${r.examples.map((e) => e.label).join('; ')})` : ''}, then sent to ${to}${senior.length ? `, or to the ${senior.join(' or ')} if the reporter chooses` : ''} (Teams, else email).`,
    );
  });
  for (const t of pack.templates) {
    const does =
      t.kind === 'record-of-escalation'
        ? `Produced when the escalation ends, kept as a record (card, tab's printable page, REST) and sent to ${pack.board.escalationRecordsTo.map(role).join(', ')}.`
        : t.kind === 'confirmation-email'
          ? "Composed when a phone discussion is logged (card, add-in, REST) and created as a draft in the user's Outlook."
          : t.id === esc.letterTemplateId
            ? "Produced each time the escalation is escalated, to the other agency's contact, from the person escalating: kept as a record (card details, the tab's printable page, REST) and created as an Outlook draft on request."
            : 'Carried in the pack but not produced: no transition names it.';
    rows.push({ path: `templates.${t.id}`, section: t.citation.section, rule: t.title, does });
  }
  if (pack.board.copyEscalationNotices)
    rows.push({
      path: 'board.copyEscalationNotices',
      section: pack.board.citation.section,
      rule: "A copy of each escalation notice to the Board's business manager.",
      does: `Each stage started is copied to the ${role(pack.board.businessManagerRole)} through the outbox.`,
    });
  pack.board.reports.forEach((r, i) =>
    rows.push({
      path: `board.reports[${i}]`,
      section: r.citation.section,
      rule: `${r.title} (${r.frequency}).`,
      does: `Produced on the first working day after each ${r.frequency === 'monthly' ? 'month' : 'quarter'} ends, kept, and sent to ${r.recipients.map(role).join(', ')} (Teams card with the headline figures, email with the CSV); any period in the tab's Board reports, GET /api/reports and \`safeguard report themes\`.${r.reading ? ` Our reading: ${r.reading}` : ''}`,
    }),
  );
  pack.outsideTheTool.forEach((r, i) =>
    rows.push({
      path: `outsideTheTool[${i}]`,
      section: r.citation.section,
      rule: r.wording,
      does: `Not acted on by the product: ${r.why}`,
    }),
  );
  return rows;
}
