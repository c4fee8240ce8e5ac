/**
 * An organisation for the per-seed escalation suites: named people with their line managers and
 * pack roles, all with the Teams app, acting through the same use cases every surface calls, and
 * the outbox's sweeper delivering through the fake Bot Connector. `messages()` sweeps and says who
 * was told what (the first line of each card).
 */
import type { EscalationEventRequest } from '../../src/api/contract.js';
import { actAsResponsible } from '../../src/app/escalations/escalation-queries.js';
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { escalationEventSchema, parseInput } from '../../src/app/inputs.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import type { Caller } from '../../src/app/ports.js';
import { storeManagerDirectory } from '../../src/app/directory/store-manager-directory.js';
import type { Escalation } from '../../src/domain/escalation/escalation.js';
import type { RiskLevel } from '../../src/domain/protocol/pack-schema.js';
import {
  cardIn,
  startBotHarness,
  teamsUser,
  visibleText,
  type BotHarness,
  type TeamsUser,
} from '../helpers/bot-harness.js';
import { isoDate } from '../../src/domain/shared/time.js';

export interface Person {
  readonly name: string;
  readonly manager?: string;
  readonly roles?: readonly string[];
}

export interface Organisation {
  readonly h: BotHarness;
  readonly user: (name: string) => TeamsUser;
  readonly caller: (name: string) => Caller;
  raise(
    by: string,
    options?: {
      riskLevel?: RiskLevel;
      natures?: string[];
      process?: { id: string; answers: Record<string, string> };
      /** By when the outcome is sought; `null` leaves it out. Default: 29 January 2027. */
      outcomeSoughtBy?: string | null;
    },
  ): Promise<Escalation>;
  act(by: string, e: Escalation, event: EscalationEventRequest): Promise<Escalation>;
  current(e: Escalation): Promise<Escalation>;
  /** Runs the sweeper once at the clock's time and returns `name: first line` of each card sent. */
  messages(): Promise<string[]>;
  pendingKinds(e: Escalation): Promise<string[]>;
  close(): Promise<void>;
}

export async function organisation(packId: string, now: string, people: readonly Person[]): Promise<Organisation> {
  const h = await startBotHarness({ now, packId });
  const users = new Map(people.map((p) => [p.name, teamsUser(p.name)] as const));
  const user = (name: string) =>
    users.get(name) ??
    (() => {
      throw new Error(`no ${name}`);
    })();
  const { store } = h.app.deps;
  for (const p of people) await h.say(user(p.name), 'hello');
  for (const p of people) {
    await store.upsertDirectoryUser(
      {
        tenantId: h.tenantId,
        userId: user(p.name).aadObjectId,
        displayName: p.name,
        managerUserId: p.manager ? user(p.manager).aadObjectId : undefined,
      },
      now,
    );
    for (const role of p.roles ?? []) await store.assignRole(h.tenantId, role, user(p.name).aadObjectId, now);
  }
  const caller = (name: string): Caller => ({ tenantId: h.tenantId, userId: user(name).aadObjectId, name });
  const nameOf = (conversationId: string) =>
    people.find((p) => conversationId === `a:personal;${user(p.name).aadObjectId}`)?.name ?? conversationId;
  let count = 0;
  return {
    h,
    user,
    caller,
    async raise(by, options = {}) {
      const person = await registerPerson(h.app.deps, caller(by), {
        caseReference: `CASE-${(count += 1)}`,
        displayName: 'Pat Example',
        dateOfBirth: '1950-03-01' as never,
      });
      return raiseEscalation(h.app.deps, caller(by), {
        personId: person.id,
        raiserRole: 'Practitioner',
        raiserAgency: 'Adult Social Care',
        otherAgency: {
          name: 'Housing',
          contact: { name: 'Alex Other', role: 'Housing officer', agency: 'Housing', email: 'alex@housing.example' },
        },
        natures: options.natures ?? [],
        natureDetails: 'Repairs report withheld',
        outcomeSought: 'Share the report',
        outcomeSoughtBy:
          options.outcomeSoughtBy === null ? undefined : isoDate(options.outcomeSoughtBy ?? '2027-01-29'),
        riskLevel: options.riskLevel ?? 'standard',
        adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
        process: options.process,
      });
    },
    // Parsed at the edge as the REST API and the cards do.
    act: async (by, e, event) =>
      actAsResponsible(
        h.app.deps,
        storeManagerDirectory(store),
        caller(by),
        e.id,
        parseInput(escalationEventSchema, event),
      ),
    current: async (e) => (await store.getEscalation(h.tenantId, e.id))!,
    async messages() {
      const mark = h.connector.activities.length;
      await h.product.scheduler.runOnce();
      return h.connector.activities
        .slice(mark)
        .map((a) => `${nameOf(a.conversationId)}: ${visibleText(cardIn(a)).split('\n')[0]}`);
    },
    async pendingKinds(e) {
      return (await store.listReminders(h.tenantId, e.id))
        .filter((r) => r.status === 'pending')
        .map((r) => `${r.kind} ${r.dueAt}`);
    },
    close: () => h.close(),
  };
}
