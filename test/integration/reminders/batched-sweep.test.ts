/**
 * The outbox sweep reads a batch's subjects together (issue 12 item 1): sweeping due reminders
 * costs about one statement per message sent (the durable record before the next send) plus a
 * few per batch, not four per reminder — and the lapse rules still hold: a resolved escalation's
 * stage reminders are cancelled, not sent, and each reminder reaches the right line manager.
 * The notifier here is the sweep's outbound port answering at once (the Teams one, with its
 * throttle and its own reads, is covered by exactly-once.test.ts and reminder-crash.test.ts).
 * Runs on PGlite, and on the server with DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { storeManagerDirectory } from '../../../src/app/directory/store-manager-directory.js';
import { actOnEscalation, raiseEscalation } from '../../../src/app/escalations/escalations.js';
import type { ReminderNotice } from '../../../src/app/outbox/reminder-notices.js';
import { sweepDueReminders } from '../../../src/app/outbox/reminder-sweep.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { buildDeps } from '../../../src/composition.js';
import { createPostgresReminderQueue } from '../../../src/db/postgres-reminder-queue.js';
import { StatementCounter } from '../../../bench/statement-counter.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { isoDate } from '../../../src/domain/shared/time.js';

const TENANT = 'batch-org';
const ESCALATIONS = 30;
let app: TestApp;
afterEach(() => app.destroy());

test('due reminders of 30 escalations: one statement per message plus a few per batch; lapsed ones cancelled', async () => {
  app = await createTestApp('2026-06-01T10:00:00Z');
  await app.tenant(TENANT, 'stockport');
  const managers = new Map<string, string>(); // raiser → line manager
  const resolved = new Set<string>();
  for (let i = 0; i < ESCALATIONS; i += 1) {
    const raiser = { tenantId: TENANT, userId: randomUUID(), name: `Practitioner ${i}` };
    const manager = randomUUID();
    managers.set(raiser.userId, manager);
    await app.deps.store.upsertDirectoryUser(
      { tenantId: TENANT, userId: manager, displayName: `Manager ${i}` },
      '2026-06-01T10:00:00Z',
    );
    await app.deps.store.upsertDirectoryUser(
      { tenantId: TENANT, userId: raiser.userId, displayName: raiser.name, managerUserId: manager },
      '2026-06-01T10:00:00Z',
    );
    const person = await registerPerson(app.deps, raiser, { caseReference: `BATCH-${i}`, displayName: 'Pat Example' });
    const raised = await raiseEscalation(app.deps, raiser, {
      personId: person.id,
      raiserRole: 'Social worker',
      raiserAgency: 'Adult Social Care',
      otherAgency: {
        name: 'Stockport Homes',
        contact: { name: 'Alex Other', role: 'Housing officer', agency: 'Stockport Homes' },
      },
      natures: ['not-sharing-information'],
      natureDetails: 'Repairs not made',
      outcomeSought: 'Repairs within a week',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
      adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
    });
    if (i % 3 === 0) {
      await actOnEscalation(app.deps, { tenantId: TENANT, userId: manager, name: `Manager ${i}` }, raised.id, {
        kind: 'resolve',
        summary: 'Agreed',
        agreedActions: [],
      });
      resolved.add(raised.id);
    }
  }
  app.clock.set('2026-09-01T10:00:00Z'); // every reminder planned is long due

  const statements = new StatementCounter();
  const counted = app.database.db.withPlugin(statements);
  const deps = buildDeps(counted, app.packs, app.clock);
  const queue = createPostgresReminderQueue(counted);
  const sent: ReminderNotice[] = [];
  const notifier = {
    notify: async (notice: ReminderNotice) => {
      sent.push(notice);
      return { via: 'teams' as const, ref: randomUUID() };
    },
  };
  const reports = [];
  for (;;) {
    const report = await sweepDueReminders(
      { app: deps, queue, notifier, managers: storeManagerDirectory(deps.store) },
      { workerId: 'batch-test', batchSize: 200 },
    );
    reports.push(report);
    if (report.claimed === 0) break;
  }

  const claimed = reports.reduce((n, r) => n + r.claimed, 0);
  const cancelled = reports.reduce((n, r) => n + r.cancelled, 0);
  expect(claimed).toBeGreaterThan(ESCALATIONS);
  expect(reports.reduce((n, r) => n + r.sent + r.cancelled, 0)).toBe(claimed); // none failed or left
  // Lapse rules: nothing about a resolved escalation's stage deadlines went out.
  const deadlineKinds = new Set(['deadline-approaching', 'deadline-reached', 'risk-response-due']);
  const aboutResolved = sent.filter(
    (n) =>
      n.subject.kind === 'escalation' && resolved.has(n.subject.escalation.id) && deadlineKinds.has(n.reminder.kind),
  );
  expect(aboutResolved).toEqual([]);
  expect(cancelled).toBeGreaterThan(0);
  // Each open escalation's stage 1 reminders reached its raiser's own line manager.
  for (const notice of sent.filter((n) => deadlineKinds.has(n.reminder.kind) && n.subject.kind === 'escalation')) {
    const e = notice.subject.kind === 'escalation' ? notice.subject.escalation : undefined;
    expect([managers.get(e!.raisedBy.userId!), e!.raisedBy.userId]).toContain(notice.recipient.userId);
  }
  // The cost: one statement per message (recorded before the next), and a handful per batch —
  // before batching it was four per reminder (subject, person, directory user, mark sent).
  expect(statements.count).toBeLessThanOrEqual(sent.length + 12 * reports.length);
  expect(statements.count).toBeLessThan(2 * claimed);
});
