/**
 * "Tell my line manager" (Speak Out and seAp engagement protocols: a conflict of interest "should
 * be declared to the line manager" and "will be recorded"; harassment and incidents reported).
 * The report is kept, and its delivery to the manager written to the outbox in the same
 * transaction: Teams, else email, never lost if the send fails.
 */
import { ValidationError } from '../domain/shared/errors.js';
import type { AppDeps, Caller, LineManagerReportRecord, ManagerDirectory } from './ports.js';

export interface LineManagerReportInput {
  readonly kind: string;
  readonly details: string;
  readonly caseReference?: string | undefined;
}

export async function reportToLineManager(deps: AppDeps, managers: ManagerDirectory, caller: Caller, input: LineManagerReportInput): Promise<LineManagerReportRecord> {
  const manager = await managers.managerOf(caller.tenantId, caller.userId);
  if (!manager) {
    throw new ValidationError('Your line manager is not known yet: ask your administrator to record it (safeguard directory set-user … --manager), then try again. Nothing was sent.');
  }
  const at = deps.clock.now().toISOString();
  const report: LineManagerReportRecord = {
    tenantId: caller.tenantId, id: deps.newId(), kind: input.kind, details: input.details, caseReference: input.caseReference,
    reporter: { userId: caller.userId, name: caller.name }, manager: { userId: manager.userId, name: manager.displayName }, createdAt: at,
  };
  await deps.store.inTransaction(async (store) => {
    await store.createLineManagerReport(report);
    await store.enqueueNotices(caller.tenantId, { kind: 'line-manager-report', id: report.id }, [
      { key: `${report.id}:report`, kind: 'line-manager-report', stage: 0, audienceRoles: [], audienceUserId: manager.userId, actorUserId: caller.userId },
    ], deps.newId, at);
  });
  return report;
}
