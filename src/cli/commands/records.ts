/**
 * CLI commands that read or write the store: tenants, decision-log verification, CSV exports.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { accessLogForAdministrator } from '../../app/reports/access-log.js';
import { caseReferences } from '../../app/people/case-references.js';
import { verifyDecisionLog, type AnchorStatus, type LogVerdict } from '../../app/sharing/decision-log.js';
import { exportDecisionsCsv, exportEscalationsCsv } from '../../app/reports/exports.js';
import {
  decisionsForAdministrator,
  REVIEW_BASES,
  type ReviewBasis,
} from '../../app/sharing/sharing-decision-review.js';
import type { AppHandle } from '../../composition.js';
import { type CliIo, parseOptions, required, UsageError } from '../cli-io.js';
import { assertNever } from '../../domain/shared/assert-never.js';

export const RECORDS_USAGE = `safeguard tenants add --id TENANT_ID --name NAME --pack PACK_ID [--sharing-pack PACK_ID] [--domain example.org]... [--send-mode soft-block|block]
safeguard tenants set-sharing-pack --id TENANT_ID (--sharing-pack PACK_ID | --same-as-pack)
safeguard tenants list
safeguard decisions verify --tenant TENANT_ID
safeguard decisions review --tenant TENANT_ID [--basis outside-protocol]
safeguard export decisions --tenant TENANT_ID [--out FILE.csv]
safeguard export escalations --tenant TENANT_ID [--out FILE.csv]
safeguard access-log --tenant TENANT_ID [--person CASE_REFERENCE] [--limit N]`;

export async function tenantsCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'list') {
    for (const t of await app.deps.store.listTenants())
      io.out(
        `${t.id}\t${t.packId}\t${t.name}\t${t.emailDomains.join(',')}\t${t.sendMode ?? 'soft-block'}\tsharing:${t.sharingPackId ?? t.packId}`,
      );
    return 0;
  }
  if (action === 'set-sharing-pack') return setSharingPack(rest, io, app);
  if (action !== 'add') throw new UsageError(`unknown tenants action "${action ?? ''}"\n${RECORDS_USAGE}`);
  const { values } = parseOptions(rest, {
    id: { type: 'string' },
    name: { type: 'string' },
    pack: { type: 'string' },
    'sharing-pack': { type: 'string' },
    domain: { type: 'string', multiple: true },
    'send-mode': { type: 'string' },
  });
  const sendMode = values['send-mode'] ?? 'soft-block';
  if (sendMode !== 'soft-block' && sendMode !== 'block')
    throw new UsageError('--send-mode is soft-block (users may send anyway) or block');
  const pack = app.packs.get(required(values.pack, 'pack'));
  const sharing = values['sharing-pack'] === undefined ? undefined : app.packs.get(values['sharing-pack']);
  const id = required(values.id, 'id');
  if (await app.deps.store.getTenant(id)) throw new UsageError(`tenant "${id}" already exists`);
  await app.deps.store.createTenant({
    id,
    name: required(values.name, 'name'),
    packId: pack.id,
    sharingPackId: sharing?.id,
    emailDomains: (values.domain ?? []).map((d) => d.toLowerCase()),
    sendMode,
  });
  io.out(
    `tenant ${id} added, following the ${pack.organisation.name} protocol${sharing ? `, and the ${sharing.organisation.name} protocol for information sharing` : ''}`,
  );
  if (!sharing && !pack.consent) io.err(sharingWarning(pack.organisation.name));
  return 0;
}

/** Packs combine: escalation under the tenant's pack, information sharing under another (issue 9, item 1). */
async function setSharingPack(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const { values } = parseOptions(args, {
    id: { type: 'string' },
    'sharing-pack': { type: 'string' },
    'same-as-pack': { type: 'boolean' },
  });
  const id = required(values.id, 'id');
  const tenant = await app.deps.store.getTenant(id);
  if (!tenant) throw new UsageError(`no tenant "${id}" (see: safeguard tenants list)`);
  if ((values['sharing-pack'] === undefined) === (values['same-as-pack'] !== true))
    throw new UsageError('give either --sharing-pack PACK_ID or --same-as-pack');
  const sharing = values['sharing-pack'] === undefined ? undefined : app.packs.get(values['sharing-pack']);
  await app.deps.store.setTenantSharingPack(id, sharing && sharing.id !== tenant.packId ? sharing.id : undefined);
  const effective = sharing ?? app.packs.get(tenant.packId);
  io.out(`tenant ${id} now shares information under the ${effective.organisation.name} protocol`);
  if (!effective.consent) io.err(sharingWarning(effective.organisation.name));
  return 0;
}

function sharingWarning(organisation: string): string {
  return `note: the ${organisation} protocol names no information-sharing rules; users can share only with consent or on a lawful basis outside the protocol (listed for the information-governance lead). Set one with: safeguard tenants set-sharing-pack`;
}

export async function decisionsCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'review') return reviewCommand(rest, io, app);
  if (action !== 'verify') throw new UsageError(`unknown decisions action "${action ?? ''}"\n${RECORDS_USAGE}`);
  const tenantId = await existingTenant(rest, app);
  const verdict = await verifyDecisionLog(app.deps, tenantId);
  if (verdict.kind === 'intact') {
    io.out(verifiedText(verdict));
    return 0;
  }
  io.err(
    `decision log BROKEN at seq ${verdict.seq}${verdict.id ? ` (${verdict.id})` : ''}: ${verdict.problem}. ${verdict.entries} entries before it verify.`,
  );
  return 1;
}

/** Says what was checked: the chain (and under which rules), the head row, and the anchor outside the database. */
function verifiedText(v: Extract<LogVerdict, { kind: 'intact' }>): string {
  const rules =
    v.legacyEntries > 0
      ? ` (${v.legacyEntries} written before keyed chaining, unkeyed and sealed; ${v.entries - v.legacyEntries} keyed with HMAC-SHA-256)`
      : v.entries > 0
        ? ' (keyed with HMAC-SHA-256)'
        : '';
  return `decision log verified: ${v.entries} entries${rules}, head seq ${v.headSeq} matches, ${anchorText(v.anchor)}; head hash ${v.headHash}`;
}

function anchorText(a: AnchorStatus): string {
  switch (a.kind) {
    case 'anchored':
      return `anchored at seq ${a.seq} on ${a.at} (${a.where})${a.behind > 0 ? `, the ${a.behind} newest not anchored yet` : ''}`;
    case 'none':
      return `not anchored yet (${a.where} holds no head of this organisation)`;
    case 'not-configured':
      return 'not anchored (no SAFEGUARD_DECISION_LOG_ANCHOR: removing the newest entries together with the head row would go unseen)';
    default:
      return assertNever(a, 'anchor status');
  }
}

/** Decisions on a lawful basis outside the protocol, newest first, for the information-governance lead's review. */
async function reviewCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const { values } = parseOptions(args, { tenant: { type: 'string' }, basis: { type: 'string' } });
  const tenantId = await existingTenant(['--tenant', required(values.tenant, 'tenant')], app);
  const basis = values.basis ?? 'outside-protocol';
  if (!(REVIEW_BASES as readonly string[]).includes(basis))
    throw new UsageError(`--basis is one of: ${REVIEW_BASES.join(', ')}`);
  const found = await decisionsForAdministrator(app.deps, tenantId, basis as ReviewBasis);
  for (const d of found)
    io.out(
      [
        d.seq,
        d.recordedAt,
        d.caseReference,
        d.decision,
        d.agencies.join('; '),
        d.basisName,
        d.justification,
        d.decidedBy,
      ].join('\t'),
    );
  if (found.length === 0) io.err('no decisions on a lawful basis outside the protocol');
  return 0;
}

/** Who read or changed which person's records, newest first (administrators only: the CLI needs the database). */
export async function accessLogCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const { values } = parseOptions(args, {
    tenant: { type: 'string' },
    person: { type: 'string' },
    limit: { type: 'string' },
  });
  const tenantId = await existingTenant(['--tenant', required(values.tenant, 'tenant')], app);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new UsageError('--limit must be a positive whole number');
  const entries = await accessLogForAdministrator(app.deps, tenantId, { caseReference: values.person, limit });
  const referenceOf = caseReferences(app.deps.store, tenantId);
  for (const e of entries)
    io.out([e.at, e.userId, e.userName, await referenceOf(e.personId), e.action, e.surface, e.outcome].join('\t'));
  if (entries.length === 0) io.err('no access recorded');
  return 0;
}

export async function exportCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'decisions' && what !== 'escalations')
    throw new UsageError(`export what? "${what ?? ''}"\n${RECORDS_USAGE}`);
  const { values } = parseOptions(rest, { tenant: { type: 'string' }, out: { type: 'string' } });
  const tenantId = await existingTenant(['--tenant', required(values.tenant, 'tenant')], app);
  const rows = what === 'decisions' ? exportDecisionsCsv(app.deps, tenantId) : exportEscalationsCsv(app.deps, tenantId);
  // Rows go out as they are read (keyset pages): memory stays flat however long the export.
  if (!values.out && io.stdout) {
    await pipeline(Readable.from(rows), io.stdout, { end: false });
    return 0;
  }
  if (!values.out) {
    let text = '';
    for await (const row of rows) text += row;
    io.out(text.replace(/\r\n$/, ''));
    return 0;
  }
  await pipeline(Readable.from(rows), createWriteStream(values.out, { flags: 'wx' }));
  io.err(`wrote ${values.out}`);
  return 0;
}

async function existingTenant(args: readonly string[], app: AppHandle): Promise<string> {
  const { values } = parseOptions(args, { tenant: { type: 'string' } });
  const tenantId = required(values.tenant, 'tenant');
  if (!(await app.deps.store.getTenant(tenantId)))
    throw new UsageError(`no tenant "${tenantId}" (see: safeguard tenants list)`);
  return tenantId;
}
