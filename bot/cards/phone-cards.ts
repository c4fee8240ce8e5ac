/**
 * Logging a phone discussion and reviewing its confirmation email (Tameside 2.3.2: "Telephone
 * conversation should be followed up through brief emails confirming the discussions held").
 */
import type { PhoneDiscussionRecord } from '../../src/app/ports.js';
import { formatLondon } from '../../src/domain/calendar/london-time.js';
import { RISK_LEVELS } from '../../src/domain/protocol/pack-schema.js';
import {
  card,
  choiceInput,
  dateInput,
  execute,
  facts,
  heading,
  note,
  para,
  section,
  submit,
  textInput,
  timeInput,
  warning,
  type AdaptiveCard,
} from './card-kit.js';

export const MAX_ACTION_ROWS = 3;

export function phoneFormCard(today: string, nowTime: string, problem?: string): AdaptiveCard {
  const actionRows = Array.from({ length: MAX_ACTION_ROWS }, (_, i) =>
    section(`Agreed action ${i + 1}${i === 0 ? '' : ' (optional)'}`, [
      textInput(`action${i}Description`, 'What will be done'),
      textInput(`action${i}Owner`, 'Who will do it'),
      dateInput(`action${i}Due`, 'By when'),
    ]),
  );
  return card(
    [
      heading('Log a phone discussion'),
      ...(problem ? [warning(problem)] : []),
      textInput('caseReference', 'Case reference (if about a person)', { placeholder: 'e.g. ASC-2026-0042' }),
      dateInput('date', 'Date of the call', { required: true, value: today }),
      timeInput('time', 'Time of the call', nowTime),
      textInput('myRole', 'Your role', { required: true, placeholder: 'e.g. Social worker' }),
      section('Who you spoke to', [
        textInput('otherName', 'Name', { required: true }),
        textInput('otherRole', 'Role', { required: true }),
        textInput('otherAgency', 'Agency', { required: true }),
        textInput('otherEmail', 'Email (to send the confirmation)', { style: 'email' }),
      ]),
      textInput('concerns', 'What was discussed (concerns)', { required: true, multiline: true }),
      textInput('consentBasis', 'Consent basis for sharing in this call', {
        required: true,
        placeholder: 'e.g. consent recorded 12 Nov, or the exception used',
      }),
      // Tameside 2.3.3: increasing or imminent risk starts the clock for communicating the concern.
      choiceInput(
        'riskLevel',
        'Risk to the person, as the call left it',
        RISK_LEVELS.map((r) => [r, r] as const),
        { value: 'standard', expanded: true },
      ),
      ...actionRows,
    ],
    [submit('Log and compose the email', 'phone.log')],
  );
}

export interface DraftState {
  readonly kind: 'none' | 'created' | 'unavailable';
  readonly webLink?: string | undefined;
}

export function phoneConfirmationCard(discussion: PhoneDiscussionRecord, draft: DraftState): AdaptiveCard {
  const email = discussion.confirmation;
  const actions =
    draft.kind === 'created'
      ? draft.webLink
        ? [{ type: 'Action.OpenUrl', title: 'Open the draft in Outlook', url: draft.webLink }]
        : []
      : [execute('Create the draft in Outlook', 'phone.draft', { discussionId: discussion.id })];
  return card(
    [
      heading('Confirmation email'),
      para(
        draft.kind === 'created'
          ? 'The draft is in your Outlook Drafts folder: check it and send it.'
          : 'The discussion is recorded. Review the email, then create it as a draft in Outlook or copy it.',
      ),
      ...(draft.kind === 'unavailable'
        ? [
            warning(
              'Outlook drafts are not available here (no Microsoft Graph connection): copy the text below into a new email.',
            ),
          ]
        : []),
      facts([
        ['To', email.to.length ? email.to.join('; ') : '(add the recipients)'],
        ['Subject', email.subject],
      ]),
      { type: 'Container', style: 'emphasis', items: [para(email.body, { fontType: 'Monospace', size: 'Small' })] },
      note(`${discussion.agreedActions.length} agreed action(s) will be followed up on their due dates.`),
      ...(discussion.riskResponse
        ? [
            warning(
              `${discussion.riskResponse.level} risk: communicate the concern by ${formatLondon(discussion.riskResponse.dueAt, 'long')}. The next discussion logged about this person stops the clock; otherwise you are reminded then.`,
            ),
          ]
        : []),
    ],
    actions,
    { fallbackText: `Confirmation email — To: ${email.to.join('; ')}\nSubject: ${email.subject}\n\n${email.body}` },
  );
}
