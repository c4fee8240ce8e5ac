/**
 * "Tell my line manager" (Speak Out and seAp engagement protocols): a conflict of interest
 * "should be declared to the line manager" and conflicts "will be recorded"; harassment,
 * incidents and issues affecting several clients go to "the line manager or the Director"
 * (seAp: "or senior manager"); complaints go "to the line manager of the member of staff
 * indicated" (seAp: "being complained about … with the option to keep the next line manager
 * informed"). Stockport: concerns about other practitioners' practice go to "their own line manager
 * / Safeguarding lead" (s.4), and a practitioner without the status or experience to challenge
 * "must seek guidance from their Safeguarding Lead" (stage one). The report is kept, and its delivery to each recipient written to the outbox in the
 * same transaction: Teams, else email, never lost if a send fails.
 */
import type { LineManagerReport, ProtocolPack } from '../../domain/protocol/pack-schema.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { AppDeps, Caller, DirectoryUser, LineManagerReportRecord, ManagerDirectory } from '../ports.js';
import { roleHoldersWithGroups } from '../people/role-holders.js';
import { tenantContext } from '../tenant-context.js';
import { roleLabels } from '../../domain/protocol/role-labels.js';

export interface LineManagerReportInput {
  readonly kind: string;
  readonly details: string;
  readonly caseReference?: string | undefined;
  /** The example kind (a conflict of interest's), where the pack lists them. */
  readonly example?: string | undefined;
  /** The member of staff a complaint is about, by email. */
  readonly aboutEmail?: string | undefined;
  /** Keep the next line manager informed too (where the pack allows it). */
  readonly informNextLineManager?: boolean | undefined;
  /** To the senior roles the pack names instead of the line manager ("or the Director"). */
  readonly toSenior?: boolean | undefined;
}

export async function reportToLineManager(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  input: LineManagerReportInput,
): Promise<LineManagerReportRecord> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  const rule = pack.lineManagerReports.find((r) => r.kind === input.kind);
  // Only the reports the tenant's seed names: another protocol's kinds are not lent to it.
  if (!rule)
    throw new ValidationError(
      `kind: the ${pack.organisation.shortName} protocol names no report of this kind to a line manager${pack.lineManagerReports.length ? ` (it names: ${pack.lineManagerReports.map((r) => r.kind).join(', ')})` : ''}. Nothing was sent.`,
    );
  if (input.example && !rule?.examples.some((e) => e.id === input.example))
    throw new ValidationError(
      `example: not one of the ${pack.organisation.shortName} protocol's kinds for this report.`,
    );
  const { recipients, about } = await recipientsFor(deps, managers, caller, pack, rule, input);
  const at = deps.clock.now().toISOString();
  const [first] = recipients;
  if (!first) throw new ValidationError('Nobody to send this to. Nothing was sent.');
  const report: LineManagerReportRecord = {
    tenantId: caller.tenantId,
    id: deps.newId(),
    kind: input.kind,
    details: input.details,
    caseReference: input.caseReference,
    reporter: { userId: caller.userId, name: caller.name },
    manager: { userId: first.userId, name: first.displayName },
    recipients: recipients.map((u) => ({ userId: u.userId, name: u.displayName })),
    example: input.example,
    aboutUserId: about?.userId,
    createdAt: at,
  };
  await deps.store.inTransaction(async (store) => {
    await store.createLineManagerReport(report);
    await store.enqueueNotices(
      caller.tenantId,
      { kind: 'line-manager-report', id: report.id },
      recipients.map((u) => ({
        key: `${report.id}:report:${u.userId}`,
        kind: 'line-manager-report' as const,
        stage: 0,
        audienceRoles: [],
        audienceUserId: u.userId,
        actorUserId: caller.userId,
      })),
      deps.newId,
      at,
    );
  });
  return report;
}

async function recipientsFor(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  pack: ProtocolPack,
  rule: LineManagerReport | undefined,
  input: LineManagerReportInput,
): Promise<{ recipients: DirectoryUser[]; about?: DirectoryUser | undefined }> {
  // To the pack's other roles when the reporter chooses, or when the pack names no line manager for it.
  if (input.toSenior || (rule && !rule.reportTo.includes('line-manager'))) {
    const senior = (rule?.reportTo ?? []).filter((r) => r !== 'line-manager');
    if (senior.length === 0)
      throw new ValidationError(
        `The ${pack.organisation.shortName} protocol sends this to the line manager only. Nothing was sent.`,
      );
    const holders = await roleHoldersWithGroups(deps, caller.tenantId, senior);
    const label = roleLabels(pack, senior, ' or ');
    if (holders.length === 0)
      throw new ValidationError(
        `Nobody holds the role ${label} yet: ask your administrator (safeguard directory assign-role), or send it to your line manager. Nothing was sent.`,
      );
    return { recipients: holders };
  }
  if (rule?.aboutStaff) {
    if (!input.aboutEmail)
      throw new ValidationError(
        'Name the member of staff it is about (their email): it goes to their line manager. Nothing was sent.',
      );
    const about = await managers.findByEmail(caller.tenantId, input.aboutEmail);
    if (!about)
      throw new ValidationError(
        `No colleague with the email ${input.aboutEmail} was found in your organisation. Nothing was sent.`,
      );
    const manager = await managers.managerOf(caller.tenantId, about.userId);
    if (!manager)
      throw new ValidationError(
        `${about.displayName}'s line manager is not known yet: ask your administrator to record it. Nothing was sent.`,
      );
    const next =
      input.informNextLineManager && rule.nextLineManagerOption
        ? await managers.managerOf(caller.tenantId, manager.userId)
        : undefined;
    return { recipients: next ? [manager, next] : [manager], about };
  }
  const manager = await managers.managerOf(caller.tenantId, caller.userId);
  if (!manager) {
    throw new ValidationError(
      'Your line manager is not known yet: ask your administrator to record it (safeguard directory set-user … --manager), then try again. Nothing was sent.',
    );
  }
  return { recipients: [manager] };
}
