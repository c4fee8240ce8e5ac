/**
 * Check consent and record a decision to share or not (Durham Golden Rules 4–8; Tameside 2.3.5;
 * Speak Out / seAp "Confidentiality and Information Sharing"). The pure rules decide; a blocked
 * proposal comes back with its reasons and nothing is written.
 */
import type { z } from 'zod';
import { consentRegister } from '../../src/app/people-and-consent.js';
import { findPersonForCaller } from '../../src/app/person-access.js';
import { recordSharingDecision } from '../../src/app/sharing-decisions.js';
import { parseInput, sharingProposalSchema, type SharingProposalInput } from '../../src/app/inputs.js';
import type { consentLookupData, sharingRecordData } from '../card-data.js';
import { consentLookupCard, sharingBlockedCard, sharingDecisionCard, sharingRecordedCard } from '../cards/sharing-cards.js';
import type { FlowContext } from './flow-context.js';

export async function lookUpConsent(ctx: FlowContext, data: z.output<typeof consentLookupData>) {
  const person = await findPersonForCaller(ctx.services.app, ctx.caller, data.caseReference, 'read-person');
  if (!person) return consentLookupCard(`No person with case reference ${data.caseReference} in your organisation.`);
  const { answer, register } = await consentRegister(ctx.services.app, ctx.caller, person.id, data.agency);
  return sharingDecisionCard(ctx.tenant.pack, person, data.agency, answer, register);
}

export async function recordDecision(ctx: FlowContext, data: z.output<typeof sharingRecordData>) {
  // Refuses (not found) a person the caller has no need to know; logs the change when recorded.
  const result = await recordSharingDecision(ctx.services.app, ctx.caller, parseInput(sharingProposalSchema, {
    decision: data.decision, personId: data.personId, basis: basisOf(data), information: data.information, purpose: data.purpose, reasons: data.reasons,
    recipients: [{ name: data.recipientName, agency: data.agency, email: data.recipientEmail || undefined }], involved: [ctx.caller.name],
    proportionality: {
      necessaryAndRelevantOnly: data.necessaryAndRelevantOnly, factDistinguishedFromOpinion: data.factDistinguishedFromOpinion, sharedSecurely: data.sharedSecurely,
      historicalInformationExplained: data.historicalInformationExplained === 'not-applicable' ? 'not-applicable' : data.historicalInformationExplained === 'true',
    },
    context: { channel: 'teams' },
  }));
  const caseReference = (await ctx.services.app.store.getPerson(ctx.caller.tenantId, data.personId))?.caseReference ?? '';
  return result.kind === 'allowed' ? sharingRecordedCard(caseReference, data.decision, result.entry.seq, result.entry.hash) : sharingBlockedCard(result.reasons);
}

function basisOf(data: z.output<typeof sharingRecordData>): SharingProposalInput['basis'] {
  const [kind, id = ''] = data.basis.split(/:(.*)/s);
  switch (kind) {
    case 'consent': return { kind: 'consent', consentRecordId: id };
    case 'exception': return { kind: 'exception', exceptionId: id };
    case 'public-interest': return { kind: 'public-interest', groundIds: (data.groundIds ?? '').split(',').filter(Boolean), capacitatedAdultRiskToSelfOnly: data.capacitatedAdultRiskToSelfOnly };
    default: return { kind: 'none' };
  }
}
