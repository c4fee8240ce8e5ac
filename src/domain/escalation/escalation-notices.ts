/**
 * The messages a transition of an escalation asks for, as a plan the use case writes to the
 * outbox in the transaction of the change. Pure: from the pack and the escalation before and after.
 *
 * - The new owner of a stage is told when the stage starts (raising starts stage 1; escalating
 *   starts the next): Tameside s.3 and Stockport s.2 name who acts at each stage, and for packs
 *   without stage deadlines no reminder would ever reach them.
 * - At the end, where the pack's seed keeps a record of the escalation (Stockport Appendix Two,
 *   "Copy also to be submitted for the attention of the SAB Business Manager"), the record goes to
 *   the Board's roles.
 * - Where the seed asks for a de-brief (Stockport s.4), the raiser is asked after a resolution or
 *   a conclusion (not after a withdrawal: the disagreement ended without an outcome to de-brief).
 * - Where the seed asks for it (Tameside 3.1, "escalation within both/all agencies at each
 *   stage"), each stage's start is emailed to the other agency's contact, naming the stage.
 * - Where the stage asks for it (Tameside 3.2 stages 1 and 2, "key points confirmed in writing"),
 *   each discussion recorded at the stage is emailed to the other agency's contact.
 * - Where the seed asks for it, the outcome of a resolution or conclusion is emailed to the other
 *   agency's contact (Tameside 3.2 "shared via email"; Stockport stage three).
 * - Where the escalation's specific process names someone to copy into all correspondence
 *   (Stockport s.3: "The Conference Chair should be copied into all correspondence"), each notice
 *   that passes between people about it — a stage's notice, a mediation request, the outcome — is
 *   copied to them by email.
 * - Where the seed asks for it (Stockport s.5), each escalation notice — every stage started — is
 *   copied to the Board's business manager when issued, and de-brief "general issues" are
 *   referred to them (s.4).
 * - Where the seed asks for it (Stockport s.6), gaps in policies and procedures the de-brief names
 *   are brought to the attention of the Independent Chair (the holders of the pack's roles).
 */
import type { ProtocolPack } from '../protocol/pack-schema.js';
import { currentStage, type Escalation } from './escalation.js';
import { stageOf } from './escalation-machine.js';
import { copiedInto, routeOf } from './specific-processes.js';

export const NOTICE_KINDS = [
  'stage-owner',
  'record-to-board',
  'debrief-prompt',
  'line-manager-report',
  'notice-to-board',
  'debrief-issues',
  'outcome-to-other-agency',
  'mediation-referral',
  'correspondence-copy',
  'board-report',
  'policy-gaps',
  'stage-to-other-agency',
  'discussion-confirmation',
] as const;

/** Notices that go to the holders of pack roles (the Board's), not to whoever owns the stage. */
export const ROLE_NOTICE_KINDS: readonly NoticeKind[] = [
  'record-to-board',
  'notice-to-board',
  'debrief-issues',
  'policy-gaps',
  // A period's Board report, to the holders of the pack report's recipient roles (issue 10).
  'board-report',
];
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(kind: string): kind is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(kind);
}

export interface NoticePlan {
  /** Stable: the same transition planned twice is one message. */
  readonly key: string;
  readonly kind: NoticeKind;
  /** The stage the notice is about (a stage-owner notice lapses once the escalation has moved on). */
  readonly stage: number;
  /** Pack roles whose holders receive it (the Board's copy). */
  readonly audienceRoles: readonly string[];
  /** The one person who receives it (the raiser's de-brief prompt; a named stage owner). */
  readonly audienceUserId?: string | undefined;
  /** Someone outside the organisation, reached by email only (the other agency's contact). */
  readonly audienceEmail?: string | undefined;
  readonly audienceName?: string | undefined;
  /** Who caused it: never told of their own act. */
  readonly actorUserId?: string | undefined;
  /** The record it carries (the Board's copy). */
  readonly recordId?: string | undefined;
}

/**
 * Notices for the change from `before` (undefined when raised) to `after`. `recordId` names the
 * record produced at the end, if the pack produces one.
 */
export function noticesFor(
  pack: ProtocolPack,
  before: Escalation | undefined,
  after: Escalation,
  actorUserId: string,
  recordId?: string,
): NoticePlan[] {
  const notices: NoticePlan[] = [];
  if (after.state === 'open' && (!before || after.stage !== before.stage)) {
    const stage = currentStage(after);
    notices.push({
      key: `${after.id}:stage-${stage.number}:owner`,
      kind: 'stage-owner',
      stage: stage.number,
      audienceRoles: stageOf(pack, stage.number).parties,
      audienceUserId: stage.escalatedTo?.userId,
      actorUserId,
    });
    if (stage.mediator?.email) {
      notices.push({
        key: `${after.id}:stage-${stage.number}:mediator`,
        kind: 'mediation-referral',
        stage: stage.number,
        audienceRoles: [],
        audienceEmail: stage.mediator.email,
        audienceName: stage.mediator.name,
        actorUserId,
      });
    }
    const contact = after.otherAgency.contact;
    if (pack.escalation.stageToOtherAgency && contact.email) {
      notices.push({
        key: `${after.id}:stage-${stage.number}:other-agency`,
        kind: 'stage-to-other-agency',
        stage: stage.number,
        audienceRoles: [],
        audienceEmail: contact.email,
        audienceName: contact.name,
        actorUserId,
      });
    }
    if (pack.board.copyEscalationNotices) {
      notices.push({
        key: `${after.id}:stage-${stage.number}:board-copy`,
        kind: 'notice-to-board',
        stage: stage.number,
        audienceRoles: [pack.board.businessManagerRole],
        actorUserId,
      });
    }
  }
  if (pack.board.copyEscalationNotices && !before?.debrief && after.debrief?.generalIssues) {
    notices.push({
      key: `${after.id}:debrief-issues`,
      kind: 'debrief-issues',
      stage: after.stage,
      audienceRoles: [pack.board.businessManagerRole],
      actorUserId,
    });
  }
  notices.push(...discussionConfirmations(pack, before, after, actorUserId));
  const gaps = pack.escalation.policyGaps;
  if (gaps && !before?.debrief && after.debrief?.policyGaps) {
    notices.push({
      key: `${after.id}:policy-gaps`,
      kind: 'policy-gaps',
      stage: after.stage,
      audienceRoles: gaps.toRoles,
      actorUserId,
    });
  }
  const ended = before?.state === 'open' && after.state !== 'open';
  if (ended && recordId) {
    notices.push({
      key: `${after.id}:record`,
      kind: 'record-to-board',
      stage: after.stage,
      audienceRoles: pack.board.escalationRecordsTo,
      actorUserId,
      recordId,
    });
  }
  // Tameside 3.2, Stockport stage three, Speak Out / seAp disputes: the outcome in writing to the other agency.
  if (ended && after.state !== 'withdrawn' && pack.escalation.outcomeToOtherAgency)
    notices.push(
      ...otherAgencies(after).map((to) => ({
        // The contact's key is the one it always had, so an outbox item planned before is not repeated.
        key: to.isContact ? `${after.id}:outcome-to-other-agency` : `${after.id}:outcome-to-other-agency:${to.email}`,
        kind: 'outcome-to-other-agency' as const,
        stage: after.stage,
        audienceRoles: [],
        audienceEmail: to.email,
        audienceName: to.name,
        actorUserId,
      })),
    );
  notices.push(...correspondenceCopies(pack, after, notices, actorUserId));
  const raiser = after.raisedBy.userId;
  if (ended && after.state !== 'withdrawn' && pack.escalation.debrief && raiser) {
    notices.push({
      key: `${after.id}:debrief`,
      kind: 'debrief-prompt',
      stage: after.stage,
      audienceRoles: [],
      audienceUserId: raiser,
    });
  }
  return notices;
}

/**
 * Everyone of another agency the outcome is shared with: the other agency's contact, and each
 * participant of a recorded discussion from an agency other than the raiser's whose email was
 * given (Stockport stage three: "shared with all other agencies involved in the discussion /
 * meeting"). One each, by email, the contact first.
 */
function otherAgencies(
  e: Escalation,
): { readonly name: string; readonly email: string; readonly isContact: boolean }[] {
  const ours = e.raisedBy.agency.trim().toLowerCase();
  const seen = new Set<string>();
  const out: { name: string; email: string; isContact: boolean }[] = [];
  const add = (p: { readonly name: string; readonly email?: string | undefined }, isContact: boolean) => {
    const email = p.email?.trim();
    if (!email || seen.has(email.toLowerCase())) return;
    seen.add(email.toLowerCase());
    out.push({ name: p.name, email, isContact });
  };
  add(e.otherAgency.contact, true);
  for (const s of e.stages)
    for (const d of s.discussions) for (const p of d.parties) if (p.agency.trim().toLowerCase() !== ours) add(p, false);
  return out;
}

/**
 * Each discussion recorded at a stage that asks for its key points in writing, to the other
 * agency's contact. The key names the discussion, so the notifier sends that one (`discussionOf`).
 */
function discussionConfirmations(
  pack: ProtocolPack,
  before: Escalation | undefined,
  after: Escalation,
  actorUserId: string,
): NoticePlan[] {
  const contact = after.otherAgency.contact;
  if (!contact.email) return [];
  const now = currentStage(after);
  // Raising may record stage 1's discussion already: it is confirmed too.
  const then = before?.stages.find((s) => s.number === now.number);
  if (!stageOf(routeOf(pack, after), now.number).discussionConfirmed) return [];
  const notices: NoticePlan[] = [];
  for (let i = then?.discussions.length ?? 0; i < now.discussions.length; i += 1)
    notices.push({
      key: `${after.id}:stage-${now.number}:discussion-${i}`,
      kind: 'discussion-confirmation',
      stage: now.number,
      audienceRoles: [],
      audienceEmail: contact.email,
      audienceName: contact.name,
      actorUserId,
    });
  return notices;
}

/** The discussion a discussion-confirmation notice is about, by its key (index within its stage). */
export function discussionOf(
  e: Escalation,
  notice: { readonly key: string; readonly stage: number },
): Escalation['stages'][number]['discussions'][number] | undefined {
  const index = /:discussion-(\d+)$/.exec(notice.key)?.[1];
  return index === undefined ? undefined : e.stages.find((s) => s.number === notice.stage)?.discussions[Number(index)];
}

/**
 * The correspondence between the agencies about the escalation, copied to whoever its process
 * copies in: each stage's notice, a mediation request and the outcome. The Board's own copies
 * (the record, which names the adult) stay inside the organisation.
 */
const CORRESPONDENCE: readonly NoticeKind[] = [
  'stage-owner',
  'mediation-referral',
  'stage-to-other-agency',
  'discussion-confirmation',
  'outcome-to-other-agency',
];

function correspondenceCopies(
  pack: ProtocolPack,
  after: Escalation,
  notices: readonly NoticePlan[],
  actorUserId: string,
): NoticePlan[] {
  const copy = copiedInto(pack, after);
  if (!copy) return [];
  return notices
    .filter((n) => CORRESPONDENCE.includes(n.kind))
    .map((n) => ({
      key: `${n.key}:copy`,
      kind: 'correspondence-copy' as const,
      stage: n.stage,
      audienceRoles: [],
      audienceEmail: copy.email,
      audienceName: copy.name,
      actorUserId,
      recordId: n.recordId,
    }));
}
