/**
 * What the bot fuzz suites start from: a Stockport organisation (stage one is professional to
 * professional, so the practitioner may act on their own escalation's cards), a valid activity
 * of each kind, and valid data for every card verb — fresh for each run, since a resolve or a
 * de-brief uses up the escalation it acts on.
 */
import { randomUUID } from 'node:crypto';
import { raiseEscalation, actOnEscalation } from '../../src/app/escalations/escalations.js';
import { parseInput, raiseEscalationSchema } from '../../src/app/inputs.js';
import { recordConsent, registerPerson } from '../../src/app/people/people-and-consent.js';
import { logPhoneDiscussion } from '../../src/app/phone/phone-discussions.js';
import type { Escalation } from '../../src/domain/escalation/escalation.js';
import { isoDate } from '../../src/domain/shared/time.js';
import { ROUTES } from '../../bot/card-actions.js';
import { startBotHarness, teamsUser, type BotHarness, type TeamsUser } from '../helpers/bot-harness.js';
import { httpRequest, NO_WRITE_LIMIT } from './fuzz-kit.js';

export const AT = '2026-11-25T10:00:00Z';
export const sam = teamsUser('Sam Practitioner');
export const tess = teamsUser('Tess Teammanager');
export const VERBS = Object.keys(ROUTES);

export interface BotFixtures {
  readonly h: BotHarness;
  /** Valid card data for `verb`, for a fresh run. */
  dataFor(verb: string): Promise<Record<string, unknown>>;
  /** Posts raw JSON text to the bot endpoint; the answer's body as text (a failure may not be JSON). */
  post(text: string): Promise<{ status: number; text: string }>;
  /** A valid activity of each kind from Sam. */
  message(text?: string): Record<string, unknown>;
  invoke(verb: string, data: Record<string, unknown>): Record<string, unknown>;
  conversationUpdate(): Record<string, unknown>;
}

export async function startBotFixtures(): Promise<BotFixtures> {
  const h = await startBotHarness({ now: AT, packId: 'stockport', writeLimit: NO_WRITE_LIMIT });
  const { store } = h.app.deps;
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  await h.say(sam, 'hi');
  await h.say(tess, 'hi');
  await store.upsertDirectoryUser(
    {
      tenantId: h.tenantId,
      userId: sam.aadObjectId,
      displayName: sam.name,
      email: 'sam@contoso.example',
      managerUserId: tess.aadObjectId,
    },
    AT,
  );
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: tess.aadObjectId, displayName: tess.name, email: 'tess@contoso.example' },
    AT,
  );
  const person = await registerPerson(h.app.deps, caller, { caseReference: 'FUZZ-1', displayName: 'Pat Example' });
  const consent = await recordConsent(h.app.deps, caller, {
    personId: person.id,
    status: 'given',
    information: 'Housing needs',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
  });
  const party = { name: 'Alex Other', role: 'Officer', agency: 'Housing Trust' };
  const raise = () =>
    raiseEscalation(
      h.app.deps,
      caller,
      parseInput(raiseEscalationSchema, {
        personId: person.id,
        raiserRole: 'Nurse',
        otherAgency: { name: 'Housing Trust', contact: party },
        natures: ['not-sharing-information'],
        natureDetails: 'Repairs report withheld',
        outcomeSought: 'Share it',
        outcomeSoughtBy: '2027-01-29',
        riskLevel: 'standard',
        adultView: { kind: 'given', view: 'Wants repairs', by: 'adult' },
      }),
    );
  let open: Escalation | undefined;
  let ended: Escalation | undefined;
  /** Stage 1 and open, which Sam may act on. */
  const openEscalation = async () => {
    const current = open && (await store.getEscalation(h.tenantId, open.id));
    open = current?.state === 'open' && current.stage === 1 ? current : await raise();
    return open;
  };
  /** Ended, with no de-brief yet (Sam raised it, so Sam records it). */
  const endedEscalation = async () => {
    const current = ended && (await store.getEscalation(h.tenantId, ended.id));
    ended =
      current && !current.debrief
        ? current
        : await actOnEscalation(h.app.deps, caller, (await raise()).id, {
            kind: 'resolve',
            summary: 'Done',
            agreedActions: [],
          });
    return ended;
  };
  const discussion = await logPhoneDiscussion(
    h.app.deps,
    caller,
    { ...party, name: sam.name, userId: sam.aadObjectId },
    {
      personId: person.id,
      occurredAt: AT,
      participants: [{ ...party, name: sam.name }, party],
      concerns: 'Damp',
      consentBasis: 'Consent',
      agreedActions: [{ description: 'Inspect', owner: 'Alex', dueOn: isoDate('2026-11-30') }],
    },
  );
  const [action] = await store.listAgreedActions(h.tenantId, discussion.id);

  const phoneLog = {
    caseReference: 'FUZZ-1',
    date: '2026-11-25',
    time: '09:30',
    myRole: 'Nurse',
    otherName: 'Alex Other',
    otherRole: 'Officer',
    otherAgency: 'Housing Trust',
    otherEmail: 'alex@housing.example',
    concerns: 'Damp in the flat',
    consentBasis: 'Consent recorded',
    action0Description: 'Inspect the flat',
    action0Owner: 'Alex',
    action0Due: '2026-11-30',
  };
  const data: Record<string, () => Promise<Record<string, unknown>>> = {
    'phone.log': async () => phoneLog,
    'phone.draft': async () => ({ discussionId: discussion.id }),
    'phone.confirmationSent': async () => ({ discussionId: discussion.id }),
    'consent.lookup': async () => ({ caseReference: 'FUZZ-1', agency: 'Housing Trust' }),
    'sharing.record': async () => ({
      personId: person.id,
      agency: 'Housing Trust',
      decision: 'share',
      basis: `consent:${consent.id}`,
      groundIds: '',
      capacitatedAdult: '',
      confirmed: '',
      recipientName: 'Alex Other',
      recipientEmail: 'alex@housing.example',
      information: 'Housing needs',
      purpose: 'Rehousing',
      reasons: 'Pat agreed',
    }),
    'escalation.raise': async () => ({
      caseReference: 'FUZZ-1',
      myRole: 'Nurse',
      myAgency: 'Contoso',
      otherAgency: 'Housing Trust',
      otherName: 'Alex Other',
      otherRole: 'Officer',
      otherEmail: 'alex@housing.example',
      natures: 'not-sharing-information',
      natureDetails: 'Repairs report withheld',
      outcomeSought: 'Share it',
      outcomeSoughtBy: '2026-12-20',
      riskLevel: 'standard',
      adultView: 'Wants repairs',
      adultViewBy: 'adult',
      adultViewNotAskedReason: '',
      stage1Date: '2026-11-24',
      stage1Time: '10:00',
      stage1Notes: 'Spoke on the phone',
    }),
    'escalation.refresh': async () => ({ escalationId: (await openEscalation()).id }),
    'escalation.recordDiscussion': async () => {
      const e = await openEscalation();
      return {
        escalationId: e.id,
        version: e.version,
        heldOn: '2026-11-25',
        heldAt: '09:00',
        parties: 'Alex Other, Officer, Housing Trust',
        notes: 'Agreed to share',
      };
    },
    'escalation.resolve': async () => {
      const e = await openEscalation();
      return {
        escalationId: e.id,
        version: e.version,
        summary: 'Report shared',
        actionDescription: 'Repairs booked',
        actionOwner: 'Housing Trust',
        actionDue: '2026-12-10',
      };
    },
    'escalation.escalate': async () => {
      const e = await openEscalation();
      return { escalationId: e.id, version: e.version, reason: 'No agreement', escalateTo: '', riskEscalated: 'false' };
    },
    'escalation.debrief': async () => ({
      escalationId: (await endedEscalation()).id,
      held: 'true',
      notes: 'Useful',
      generalIssues: 'Repairs are slow',
    }),
    'action.done': async () => ({ actionId: action!.id }),
    'action.escalate': async () => ({ actionId: action!.id }),
    'report.send': async () => ({ kind: 'incident', details: 'Something happened', caseReference: 'FUZZ-1' }),
  };

  const base = (user: TeamsUser) => ({
    id: randomUUID(),
    timestamp: AT,
    localTimestamp: AT,
    serviceUrl: h.connector.url,
    channelId: 'msteams',
    locale: 'en-GB',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:safeguard-bot', name: 'Safeguarding assistant' },
    conversation: { conversationType: 'personal', tenantId: h.tenantId, id: `a:personal;${user.aadObjectId}` },
    channelData: { tenant: { id: h.tenantId } },
  });
  return {
    h,
    post: (text) => httpRequest(h.endpoint, 'POST', { 'content-type': 'application/json' }, text),
    dataFor: async (verb) => ({ verb, ...(await (data[verb] ?? (async () => ({})))()) }),
    message: (text = 'help') => ({
      ...base(sam),
      type: 'message',
      text,
      textFormat: 'plain',
      entities: [{ type: 'clientInfo', locale: 'en-GB' }],
    }),
    invoke: (verb, d) => ({
      ...base(sam),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data: d }, trigger: 'manual' },
    }),
    conversationUpdate: () => ({
      ...base(sam),
      type: 'conversationUpdate',
      membersAdded: [{ id: `29:${sam.aadObjectId}`, name: sam.name }, { id: '28:safeguard-bot' }],
    }),
  };
}
