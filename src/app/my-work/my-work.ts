/**
 * "My work" (issue 10, item 4) for practitioners and managers, one use case behind the tab, the
 * REST API and the bot's "my work" card, so every surface shows the same:
 * - open escalations the caller raised, or whose current stage they own (the access rule:
 *   escalation-access.ts), each with its next action and deadline;
 * - phone discussions they logged whose confirmation email is not marked sent (Tameside 2.3.2:
 *   "Telephone conversation should be followed up through brief emails");
 * - their open agreed actions, by due date (overdue flagged);
 * - consents expiring in the next 30 days for people they work with.
 * Lists show case references, never names.
 */
import { addCalendarDays, londonDateOf } from '../../domain/calendar/london-time.js';
import { consentsExpiring } from '../../domain/consent/consent-expiry.js';
import { nextDeadline, type Escalation } from '../../domain/escalation/escalation.js';
import { stageOf } from '../../domain/escalation/escalation-machine.js';
import type { IsoDate } from '../../domain/shared/time.js';
import { escalationAccess, type EscalationAccess } from '../escalations/escalation-access.js';
import type { EscalationActionKind } from '../escalations/escalation-actions.js';
import { isBoardMember } from '../escalations/escalation-queries.js';
import { holdsAnyRole } from '../people/caller-roles.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { AppDeps, Caller, ManagerDirectory } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

export const CONSENT_WINDOW_DAYS = 30;
const LIMIT = 100;

export interface MyEscalation {
  readonly id: string;
  readonly caseReference: string;
  readonly stage: number;
  readonly stageName: string;
  readonly otherAgency: string;
  /** Why it is on the list: the caller raised it, owns its current stage, or both. */
  readonly mine: 'raised' | 'owner' | 'raised-and-owner';
  /** What happens next, in a sentence: the caller's actions, or whom it waits for. */
  readonly nextAction: string;
  readonly actions: readonly EscalationActionKind[];
  readonly deadline?: { readonly label: string; readonly dueAt: string; readonly overdue: boolean } | undefined;
}

export interface MyPhoneConfirmation {
  readonly id: string;
  readonly occurredAt: string;
  readonly caseReference?: string | undefined;
  readonly subject: string;
  readonly to: readonly string[];
}

export interface MyAgreedAction {
  readonly id: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly sourceKind: 'phone-discussion' | 'escalation';
}

export interface MyExpiringConsent {
  readonly personId: string;
  readonly caseReference: string;
  readonly consentId: string;
  readonly agencies: readonly string[];
  readonly expiresOn: string;
  readonly daysLeft: number;
}

export interface MyWork {
  readonly today: string;
  readonly escalations: readonly MyEscalation[];
  readonly phoneConfirmations: readonly MyPhoneConfirmation[];
  readonly agreedActions: readonly MyAgreedAction[];
  readonly expiringConsents: readonly MyExpiringConsent[];
}

const ACTION_TEXT: Record<EscalationActionKind, string> = {
  'record-discussion': 'record the discussion',
  'add-note': 'add a note',
  escalate: 'escalate',
  'escalate-on-risk': 'escalate because risk has escalated',
  'change-risk': 'change the risk level',
  resolve: 'resolve',
  'conclude-unresolved': 'conclude it unresolved',
  withdraw: 'withdraw',
  'record-debrief': 'record the de-brief',
  'record-signature': "record your organisation's signature on the agreement",
};

export async function myWork(deps: AppDeps, managers: ManagerDirectory, caller: Caller): Promise<MyWork> {
  await tenantContext(deps, caller.tenantId);
  const now = deps.clock.now();
  const today = londonDateOf(now);
  const [escalations, phoneConfirmations, agreedActions, expiringConsents] = [
    await myEscalations(deps, managers, caller, now),
    await myPhoneConfirmations(deps, caller),
    await myAgreedActions(deps, caller, today),
    await myExpiringConsents(deps, caller, today),
  ];
  return { today, escalations, phoneConfirmations, agreedActions, expiringConsents };
}

/** The caller marks a confirmation email of their own as sent; it leaves their list. */
export async function markConfirmationSent(deps: AppDeps, caller: Caller, discussionId: string): Promise<boolean> {
  const discussion = await deps.store.getPhoneDiscussion(caller.tenantId, discussionId);
  if (!discussion || discussion.recordedById !== caller.userId)
    throw new NotFoundError('No such phone discussion of yours in your organisation.');
  return deps.store.markConfirmationSent(caller.tenantId, discussionId, caller.userId, deps.clock.now().toISOString());
}

async function myEscalations(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  now: Date,
): Promise<MyEscalation[]> {
  const { store } = deps;
  const { pack } = await tenantContext(deps, caller.tenantId);
  const reports = (await store.listReports(caller.tenantId, caller.userId)).map((u) => u.userId);
  // Candidates: raised by the caller; addressed to them now or raised by their reports (the team
  // filter); at a Board stage, for the Board's roles. The access rule then says who owns each.
  const candidates = new Map<string, Escalation>();
  const add = (list: readonly Escalation[]) => list.forEach((e) => candidates.set(e.id, e));
  add(await store.listEscalations(caller.tenantId, { state: 'open', raisedBy: caller.userId }));
  add(
    await store.listEscalations(caller.tenantId, {
      state: 'open',
      team: { members: reports, manager: caller.userId },
    }),
  );
  const board = await isBoardMember(deps, caller);
  if (board && pack.escalation.stages.some((s) => s.isBoard))
    add(
      (await store.listEscalations(caller.tenantId, { state: 'open' })).filter((e) => stageOf(pack, e.stage).isBoard),
    );
  const references = await store.caseReferencesOf(
    caller.tenantId,
    [...candidates.values()].map((e) => e.personId),
  );
  const out: MyEscalation[] = [];
  for (const e of candidates.values()) {
    const access = await escalationAccess(store, managers, pack, caller, e, board, (roles) =>
      holdsAnyRole(deps, caller, roles),
    );
    const raised = e.raisedBy.userId === caller.userId;
    if (!raised && !access.responsible) continue;
    const deadline = nextDeadline(e);
    out.push({
      id: e.id,
      caseReference: references.get(e.personId) ?? '(unknown case)',
      stage: e.stage,
      stageName: stageOf(pack, e.stage).name,
      otherAgency: e.otherAgency.name,
      mine: raised && access.responsible ? 'raised-and-owner' : raised ? 'raised' : 'owner',
      nextAction: nextActionOf(access),
      actions: access.actions,
      deadline: deadline && { label: deadline.label, dueAt: deadline.dueAt, overdue: new Date(deadline.dueAt) < now },
    });
  }
  // The most pressing first: the nearest deadline, then those without one.
  return out.sort((a, b) => (a.deadline?.dueAt ?? '\uffff').localeCompare(b.deadline?.dueAt ?? '\uffff'));
}

function nextActionOf(access: EscalationAccess): string {
  if (access.responsible) {
    const acts = access.actions.filter((a) => a !== 'add-note').map((a) => ACTION_TEXT[a]);
    return `Yours to act: ${acts.join(', ') || 'add a note'}.`;
  }
  const owners = access.owners.map((o) => o.displayName);
  return owners.length ? `Waiting for ${owners.join(', ')}.` : 'Waiting for the stage to be picked up.';
}

async function myPhoneConfirmations(deps: AppDeps, caller: Caller): Promise<MyPhoneConfirmation[]> {
  const found = await deps.store.listUnconfirmedPhoneDiscussions(caller.tenantId, caller.userId, LIMIT);
  const references = await deps.store.caseReferencesOf(
    caller.tenantId,
    found.flatMap((d) => (d.personId ? [d.personId] : [])),
  );
  return found.map((d) => ({
    id: d.id,
    occurredAt: d.occurredAt,
    caseReference: d.personId && references.get(d.personId),
    subject: d.confirmation.subject,
    to: d.confirmation.to,
  }));
}

async function myAgreedActions(deps: AppDeps, caller: Caller, today: IsoDate): Promise<MyAgreedAction[]> {
  const actions = await deps.store.listOpenAgreedActionsFor(caller.tenantId, caller.userId, LIMIT);
  return actions.map((a) => ({
    id: a.id,
    description: a.description,
    owner: a.owner,
    dueOn: a.dueOn,
    overdue: a.dueOn < today,
    sourceKind: a.sourceKind,
  }));
}

async function myExpiringConsents(deps: AppDeps, caller: Caller, today: IsoDate): Promise<MyExpiringConsent[]> {
  const until = addCalendarDays(today, CONSENT_WINDOW_DAYS);
  const people = await deps.store.peopleWithConsentExpiring(caller.tenantId, caller.userId, today, until);
  const references = await deps.store.caseReferencesOf(caller.tenantId, people);
  const out: MyExpiringConsent[] = [];
  for (const personId of people) {
    for (const c of consentsExpiring(await deps.store.listConsent(caller.tenantId, personId), today, until)) {
      out.push({
        personId,
        caseReference: references.get(personId) ?? '(unknown case)',
        consentId: c.record.id,
        agencies: c.agencies,
        expiresOn: c.expiresOn,
        daysLeft: Math.round((Date.parse(c.expiresOn) - Date.parse(today)) / 86_400_000),
      });
    }
  }
  return out.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}
