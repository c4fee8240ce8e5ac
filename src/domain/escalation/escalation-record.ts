/**
 * The record produced at the end of an escalation, from the pack's record template: Stockport's
 * Record of Escalation (004_0dc7e94071fd648b.txt, Appendix Two), "completed at the end of the
 * escalation and added to the persons case record … Copy also to be submitted for the attention
 * of the SAB Business Manager".
 */
import type { ProtocolPack } from '../protocol/pack-schema.js';
import type { RenderedTemplate } from '../templates/render-template.js';
import { renderTemplate } from '../templates/render-template.js';
import type { Escalation, Party } from './escalation.js';
import { formatActions } from '../phone/phone-discussion.js';
import { londonDateOf } from '../calendar/london-time.js';

export interface RecordSubject {
  readonly displayName: string;
  readonly dateOfBirth?: string | undefined;
}

/** The values every record template may use, by field id. */
export function escalationRecordValues(escalation: Escalation, subject: RecordSubject): Record<string, string> {
  const values: Record<string, string> = {
    nameOfPerson: subject.displayName,
    dateOfBirth: subject.dateOfBirth ?? '',
    // Dates as the reader's calendar shows them (London), not the UTC date of the instant.
    dateCommenced: londonDateOf(new Date(escalation.openedAt)),
    dateCompleted: escalation.outcome ? londonDateOf(new Date(escalation.outcome.at)) : '',
    stageAtConclusion: String(escalation.outcome?.stageAtConclusion ?? escalation.stage),
    resolutionDetails: resolutionDetails(escalation),
    outstandingConcerns: escalation.outcome?.outstandingConcerns ?? '',
    otherAgency: escalation.otherAgency.name,
  };
  for (const stage of escalation.stages) {
    const from = stage.number === 1 ? escalation.raisedBy : stage.escalatedBy;
    values[`stage${stage.number}EscalatedBy`] = from ? describe(from) : '';
    // Stage 1 is between the raiser and the other agency's contact (Stockport Appendix Two "To").
    const to = stage.number === 1 ? escalation.otherAgency.contact : stage.escalatedTo;
    values[`stage${stage.number}To`] = to ? describe(to) : '';
  }
  return values;
}

/**
 * Renders the pack's record of escalation for an ended escalation, or `undefined` when the pack
 * names no record template.
 */
export function produceEscalationRecord(
  pack: ProtocolPack,
  escalation: Escalation,
  subject: RecordSubject,
): RenderedTemplate | undefined {
  const template = pack.templates.find((t) => t.id === pack.escalation.recordTemplateId);
  return template && renderTemplate(template, escalationRecordValues(escalation, subject));
}

function describe(party: Party): string {
  return `${party.name}, ${party.role}, ${party.agency}`;
}

function resolutionDetails(escalation: Escalation): string {
  const outcome = escalation.outcome;
  if (!outcome) return '';
  return `${outcome.summary}\nAgreed actions:\n${formatActions(outcome.agreedActions)}\nStage of escalation at conclusion: ${outcome.stageAtConclusion}`;
}

/**
 * The letter to the other agency that goes with an escalation (County Durham Appendices 1–3:
 * "Please use the letter templates Appendix 1, 2,3 to escalate the concerns"), from the person
 * escalating, or `undefined` when the pack has no letter. The case reference is "Our ref".
 */
export function produceEscalationLetter(
  pack: ProtocolPack,
  escalation: Escalation,
  subject: RecordSubject & { readonly caseReference: string },
  sender: Party,
): RenderedTemplate | undefined {
  const template = pack.templates.find((t) => t.id === pack.escalation.letterTemplateId);
  const contact = escalation.otherAgency.contact;
  return (
    template &&
    renderTemplate(template, {
      contact: sender.name,
      email: sender.email,
      ourRef: subject.caseReference,
      addressLine: `${contact.name}, ${contact.role}, ${escalation.otherAgency.name}`,
      workingWith: subject.displayName,
      senderName: sender.name,
      senderTitle: sender.role,
    })
  );
}
