/**
 * Turns a due outbox item into a card for its recipient and sends it through the messenger
 * (Teams, else email). A reminder or a stage owner's notice names the case reference, stage and
 * deadline only; the details load through the refresh for the people entitled to see them. The
 * Board's copy carries the Record of Escalation itself (Stockport Appendix Two: "Copy also to be
 * submitted for the attention of the SAB Business Manager").
 */
import { entitledViewers } from '../src/app/escalations/escalation-access.js';
import type { RoleHolderLookup } from '../src/app/people/role-holders.js';
import type { TabLinkTarget } from './cards/tab-deep-link.js';
import type { ManagerDirectory, PackLookup, Store } from '../src/app/ports.js';
import type { ReminderNotice, ReminderNotifier } from '../src/app/outbox/reminder-notices.js';
import { stageOf } from '../src/domain/escalation/escalation-machine.js';
import { discussionOf } from '../src/domain/escalation/escalation-notices.js';
import { copiedInto, processOf, routeOf } from '../src/domain/escalation/specific-processes.js';
import { assertNever } from '../src/domain/shared/assert-never.js';
import type { Messenger } from './bot-services.js';
import { boardReportCsv } from '../src/app/reports/board-report-csv.js';
import { reportForRecipients } from '../src/app/reports/board-reports.js';
import { boardReportCard } from './cards/board-report-card.js';
import { actionOverdueCard, lineManagerReportCard } from './cards/action-cards.js';
import { execute } from './cards/card-kit.js';
import { debriefCard, escalationCard, londonText, messageCard } from './cards/escalation-cards.js';

const HEADLINES = {
  'deadline-approaching': 'Deadline today',
  'deadline-reached': 'Deadline reached',
  'risk-response-due': 'Risk response due',
  'stage-owner': 'For you to act on',
} as const;

export function createReminderCardsNotifier(deps: {
  store: Store;
  packs: PackLookup;
  managers: ManagerDirectory;
  messenger: Messenger;
  /** The tab, for the Board report's link: a Teams deep link where the app has an id, else its address. */
  tab?: TabLinkTarget | undefined;
  /**
   * A role's holders with its Entra groups' members, so a group member is on the card's refresh list
   * (and so sees its details); when Graph cannot answer, the command-line holders (the notice still goes).
   */
  roleHolders?: RoleHolderLookup | undefined;
}): ReminderNotifier {
  return {
    async notify({ reminder, recipient, subject }: ReminderNotice) {
      const reference = `${reminder.key}:${recipient.userId}`;
      const send = deps.messenger.sendCard.bind(deps.messenger, reminder.tenantId, recipient);
      if (subject.kind === 'agreed-action') {
        return send(actionOverdueCard(subject.action), {
          subject: 'An agreed action is overdue',
          text: `An agreed action was due on ${subject.action.dueOn} and is not marked done.`,
          reference,
        });
      }
      if (subject.kind === 'line-manager-report') {
        const r = subject.report;
        return send(lineManagerReportCard(r.kind, r.reporter.name, r.details, r.caseReference, r.example), {
          subject: `A report from ${r.reporter.name}`,
          text: `${r.reporter.name} has sent you a report in the safeguarding app.`,
          reference,
        });
      }
      if (subject.kind === 'board-report') {
        // Teams: the headline figures and a link; email (the fallback): the CSV inline.
        const r = subject.report;
        const pack = deps.packs.get(r.packId);
        const rule = pack.board.reports.find((x) => x.id === r.reportId);
        const title = rule?.title ?? 'Board report';
        const figures = reportForRecipients(pack, rule, r.figures);
        return send(boardReportCard(title, figures, deps.tab), {
          subject: `${title}: ${r.period}`,
          text: `${title} for ${r.period} (${figures.organisation}). The figures as CSV:\n\n${boardReportCsv(figures)}`,
          reference,
        });
      }
      const e = subject.escalation;
      const pack = routeOf(deps.packs.get(e.packId), e);
      const lookUp = deps.roleHolders;
      const holders: RoleHolderLookup | undefined =
        lookUp &&
        ((tenantId, roleIds) => lookUp(tenantId, roleIds).catch(() => deps.store.roleHolders(tenantId, roleIds)));
      const viewers = await entitledViewers(deps.store, deps.managers, pack, e, undefined, holders);
      const refreshUserIds = [...new Set([recipient.userId, ...viewers])];
      const ref = subject.caseReference;
      const kind = reminder.kind;
      switch (kind) {
        case 'debrief-prompt':
          return send(debriefCard(pack, e, ref), {
            subject: `De-brief for ${ref}`,
            text: 'Your escalation has ended: please record whether a de-brief was held.',
            reference,
          });
        case 'record-to-board': {
          const record = subject.record;
          const card = escalationCard(pack, e, {
            caseReference: ref,
            details: true,
            actions: [],
            records: record ? [record] : [],
            refreshUserIds,
            headline: `${record?.title ?? 'Record of Escalation'}: ${ref}`,
          });
          return send(card, {
            subject: `${record?.title ?? 'Record of Escalation'} ${ref}`,
            text: `The escalation ${ref} has ended.\n\n${record?.body ?? ''}`,
            reference,
          });
        }
        case 'notice-to-board': {
          const stage = e.stages.find((s) => s.number === reminder.stage);
          const headline = `Escalation notice: ${ref}, stage ${reminder.stage}`;
          const base = escalationCard(pack, e, {
            caseReference: ref,
            details: false,
            actions: [],
            refreshUserIds,
            headline,
          });
          const card = { ...base, actions: [execute('Open', 'escalation.refresh', { escalationId: e.id })] };
          const text = `A copy of the escalation notice for ${ref}: stage ${reminder.stage}${stage?.escalatedTo ? `, to ${stage.escalatedTo.name}` : ''}. Open the safeguarding app in Teams for the details.`;
          return send(card, { subject: headline, text, reference });
        }
        case 'outcome-to-other-agency': {
          // The case reference and the outcome only: the other agency knows whom it is about.
          const o = e.outcome;
          const actions = (o?.agreedActions ?? [])
            .map((a) => `- ${a.description} (${a.owner}, by ${a.dueOn})`)
            .join('\n');
          const text = [
            `Our ref: ${ref}. The escalation between ${e.raisedBy.agency} and ${e.otherAgency.name} has ${e.state === 'resolved' ? 'been resolved' : 'been concluded without agreement'} at stage ${e.stage}.`,
            `Outcome: ${o?.summary ?? ''}`,
            ...(actions ? [`Agreed actions:\n${actions}`] : []),
            ...(o?.outstandingConcerns ? [`Outstanding concerns: ${o.outstandingConcerns}`] : []),
            ...(pack.escalation.outcomeToOtherAgency?.signedByBoth && e.state === 'resolved'
              ? [
                  `Please have this agreement signed for ${e.otherAgency.name} and returned to ${e.raisedBy.name}${e.raisedBy.email ? ` (${e.raisedBy.email})` : ''}: once signed by both organisations it is binding.`,
                ]
              : []),
            `${pack.escalation.outcomeToOtherAgency?.wording ?? ''} (${pack.organisation.shortName} protocol, ${pack.escalation.outcomeToOtherAgency?.citation.section ?? ''})`,
          ].join('\n\n');
          return deps.messenger.sendEmail(reminder.tenantId, recipient, {
            subject: `Outcome of the escalation (our ref ${ref})`,
            text,
            reference,
          });
        }
        case 'stage-to-other-agency': {
          // Tameside 3.1: the other agency escalates on its side too. The stage and who to reach, by case reference.
          const rule = pack.escalation.stageToOtherAgency;
          const stage = e.stages.find((s) => s.number === reminder.stage);
          const packStage = stageOf(routeOf(pack, e), reminder.stage);
          const by = stage?.escalatedBy ?? e.raisedBy;
          const text = [
            `Our ref: ${ref}. The dispute between ${e.raisedBy.agency} and ${e.otherAgency.name} is now at stage ${reminder.stage}: ${packStage.name}.`,
            `"${packStage.wording}" (${pack.organisation.shortName} protocol, ${packStage.citation.section})`,
            ...(stage?.reason ? [`Why: ${stage.reason}`] : []),
            `Please take it to your agency's equivalent at this stage. Contact: ${by.name}${by.role ? ` (${by.role})` : ''}${by.email ? `, ${by.email}` : ''}.`,
            `"${rule?.wording ?? ''}" (${pack.organisation.shortName} protocol, ${rule?.citation.section ?? ''})`,
          ].join('\n\n');
          return deps.messenger.sendEmail(reminder.tenantId, recipient, {
            subject: `Escalation at stage ${reminder.stage} (our ref ${ref})`,
            text,
            reference,
          });
        }
        case 'discussion-confirmation': {
          // Tameside 3.2 stages 1 and 2: "key points confirmed in writing" — by case reference.
          const discussion = discussionOf(e, reminder);
          const stage = stageOf(routeOf(pack, e), reminder.stage);
          const rule = stage.discussionConfirmed;
          const parties = (discussion?.parties ?? []).map((p) => `${p.name} (${p.role}, ${p.agency})`).join('; ');
          const text = [
            `Our ref: ${ref}. Key points of the discussion held ${discussion ? londonText(discussion.heldAt) : ''} at stage ${reminder.stage} (${stage.name})${parties ? `, between ${parties}` : ''}:`,
            discussion?.notes ?? '',
            `"${rule?.wording ?? ''}" (${pack.organisation.shortName} protocol, ${rule?.citation.section ?? ''})`,
            `If anything here is not as you understood it, please reply quoting our ref ${ref}.`,
          ].join('\n\n');
          return deps.messenger.sendEmail(reminder.tenantId, recipient, {
            subject: `Key points of our discussion (our ref ${ref})`,
            text,
            reference,
          });
        }
        case 'mediation-referral': {
          // Who the parties are and how to reach the person referring; no case details (mediation "in the strictest confidence").
          const stage = e.stages.find((s) => s.number === reminder.stage);
          const by = stage?.escalatedBy;
          const text = [
            `${by?.name ?? 'A colleague'} (${by?.role ?? ''}, ${e.raisedBy.agency}${by?.email ? `, ${by.email}` : ''}) asks you to mediate a dispute between ${e.raisedBy.agency} and ${e.otherAgency.name} (our ref ${ref}).`,
            `${stageOf(pack, reminder.stage).wording} (${pack.organisation.shortName} protocol, ${stageOf(pack, reminder.stage).citation.section})`,
            'Please reply to arrange the mediation; the details will be shared with you directly, in confidence.',
          ].join('\n\n');
          return deps.messenger.sendEmail(reminder.tenantId, recipient, {
            subject: `Request for independent mediation (our ref ${ref})`,
            text,
            reference,
          });
        }
        case 'correspondence-copy': {
          // Stockport s.3: the Conference Chair is copied into all correspondence — what happened, by case reference.
          const copy = copiedInto(pack, e);
          const process = processOf(pack, e);
          const stage = e.stages.find((s) => s.number === reminder.stage);
          const o = e.outcome;
          const text = [
            `You are copied into the correspondence of this escalation as ${copy?.label ?? 'a party'}: "${process?.copyInto?.wording ?? ''}" (${pack.organisation.shortName} protocol, ${process?.copyInto?.citation.section ?? ''}).`,
            `Our ref: ${ref}. ${process?.name ?? 'Escalation'} between ${e.raisedBy.agency} and ${e.otherAgency.name}.`,
            ...(subject.record
              ? [`${subject.record.title}\n\n${subject.record.body}`]
              : o && e.state !== 'open'
                ? [
                    `It has ${e.state === 'resolved' ? 'been resolved' : e.state === 'withdrawn' ? 'been withdrawn' : 'been concluded without agreement'} at stage ${e.stage}: ${o.summary}`,
                    ...(o.outstandingConcerns ? [`Outstanding concerns: ${o.outstandingConcerns}`] : []),
                  ]
                : [
                    `Stage ${reminder.stage}: ${stageOf(pack, reminder.stage).name}${stage?.escalatedBy ? `, escalated by ${stage.escalatedBy.name} (${stage.escalatedBy.role})` : ''}${stage?.escalatedTo ? ` to ${stage.escalatedTo.name} (${stage.escalatedTo.role})` : ''}.`,
                    ...(stage?.reason ? [`Reason: ${stage.reason}`] : []),
                  ]),
          ].join('\n\n');
          return deps.messenger.sendEmail(reminder.tenantId, recipient, {
            subject: `Copy: escalation ${ref}, stage ${reminder.stage}`,
            text,
            reference,
          });
        }
        case 'debrief-issues': {
          const issues = e.debrief?.generalIssues ?? '';
          return send(messageCard(`General issues from the de-brief of ${ref}`, issues), {
            subject: `General issues from a de-brief (${ref})`,
            text: issues,
            reference,
          });
        }
        case 'policy-gaps': {
          // Stockport s.6: what the de-brief names as gaps in policies and procedures, for the Independent Chair.
          const rule = pack.escalation.policyGaps;
          const gaps = e.debrief?.policyGaps ?? '';
          const text = `${gaps}\n\n"${rule?.wording ?? ''}" (${pack.organisation.shortName} protocol, ${rule?.citation.section ?? ''})`;
          return send(messageCard(`Gaps in policies and procedures, from the de-brief of ${ref}`, text), {
            subject: `Gaps in policies and procedures (${ref})`,
            text,
            reference,
          });
        }
        case 'stage-owner':
        case 'deadline-approaching':
        case 'deadline-reached':
        case 'risk-response-due': {
          const headline = `${HEADLINES[kind]}: escalation ${ref}`;
          const base = escalationCard(pack, e, {
            caseReference: ref,
            details: false,
            actions: [],
            refreshUserIds,
            headline,
          });
          const card = { ...base, actions: [execute('Open and act', 'escalation.refresh', { escalationId: e.id })] };
          const what =
            kind === 'stage-owner'
              ? 'is now yours to act on'
              : `${HEADLINES[kind].toLowerCase()} (${londonText(reminder.dueAt)})`;
          return send(card, {
            subject: headline,
            text: `Escalation ${ref} is at stage ${e.stage}; ${what}. Open the safeguarding app in Teams to act.`,
            reference,
          });
        }
        case 'action-overdue':
        case 'line-manager-report':
        case 'board-report': // its subject is a report, handled above
        case 'stage-transfer': // not a message: the sweeper moves the escalation on
          throw new Error(`OUTBOX_KIND_MISMATCH`);
        default:
          return assertNever(kind, 'outbox item kind');
      }
    },
  };
}
