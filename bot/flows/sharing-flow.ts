/**
 * Check consent and record a decision to share or not, under the tenant's sharing pack. The pure
 * rules decide; a blocked proposal comes back with its reasons and nothing is written.
 */
import type { z } from 'zod';
import { consentRegister } from '../../src/app/people/people-and-consent.js';
import { findPersonForCaller } from '../../src/app/people/person-access.js';
import { recordSharingDecision } from '../../src/app/sharing/sharing-decisions.js';
import { parseInput, sharingProposalSchema, type SharingProposalInput } from '../../src/app/inputs.js';
import type { consentLookupData, sharingRecordData } from '../card-data.js';
import {
  consentLookupCard,
  sharingBlockedCard,
  sharingDecisionCard,
  sharingRecordedCard,
} from '../cards/sharing-cards.js';
import type { FlowContext } from './flow-context.js';

export async function lookUpConsent(ctx: FlowContext, data: z.output<typeof consentLookupData>) {
  const person = await findPersonForCaller(ctx.services.app, ctx.caller, data.caseReference, 'read-person');
  if (!person) return consentLookupCard(`No person with case reference ${data.caseReference} in your organisation.`);
  const { answer, register } = await consentRegister(ctx.services.app, ctx.caller, person.id, data.agency);
  return sharingDecisionCard(ctx.tenant.sharingPack, person, data.agency, answer, register);
}

export async function recordDecision(ctx: FlowContext, data: z.output<typeof sharingRecordData>) {
  const basis = basisOf(data);
  if (
    basis.kind === 'public-interest' &&
    data.capacitatedAdult === undefined &&
    ctx.tenant.sharingPack.publicInterestTest
  ) {
    const rule = ctx.tenant.sharingPack.publicInterestTest.capacitatedAdultException;
    return sharingBlockedCard([
      {
        code: 'BASIS.CAPACITATED_ADULT_UNANSWERED',
        message: 'Answer whether this is an adult with capacity who puts only themselves at risk.',
        citation: rule.citation,
      },
    ]);
  }
  // Refuses (not found) a person the caller has no need to know; logs the change when recorded.
  const result = await recordSharingDecision(
    ctx.services.app,
    ctx.caller,
    parseInput(sharingProposalSchema, {
      decision: data.decision,
      personId: data.personId,
      basis,
      information: data.information ?? '',
      purpose: data.purpose ?? '',
      reasons: data.reasons ?? '',
      recipients: [{ name: data.recipientName, agency: data.agency, email: data.recipientEmail || undefined }],
      involved: [ctx.caller.name, ...lines(data.involved)],
      confirmed: (data.confirmed ?? '').split(',').filter(Boolean),
      context: { channel: 'teams' },
    }),
  );
  const caseReference = result.kind === 'allowed' ? result.caseReference : '';
  return result.kind === 'allowed'
    ? sharingRecordedCard(
        caseReference,
        data.decision,
        result.entry.seq,
        result.entry.hash,
        result.record.justifiedWarnings,
      )
    : sharingBlockedCard(result.reasons);
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function basisOf(data: z.output<typeof sharingRecordData>): SharingProposalInput['basis'] {
  const [kind, id = ''] = data.basis.split(/:(.*)/s);
  switch (kind) {
    case 'consent':
      return { kind: 'consent', consentRecordId: id };
    case 'exception':
      return { kind: 'exception', exceptionId: id };
    case 'public-interest':
      return {
        kind: 'public-interest',
        groundIds: (data.groundIds ?? '').split(',').filter(Boolean),
        capacitatedAdultRiskToSelfOnly: data.capacitatedAdult === 'yes',
        capacitatedAdultJustification: data.capacitatedAdultJustification,
      };
    case 'outside-protocol':
      return {
        kind: 'outside-protocol',
        name: data.outsideBasisName ?? '',
        justification: data.outsideBasisJustification ?? '',
      };
    default:
      return { kind: 'none' };
  }
}
