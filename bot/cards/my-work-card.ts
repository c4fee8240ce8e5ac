/**
 * "My work" as an Adaptive Card: the same use case as the tab's view and GET /api/my-work
 * (src/app/my-work/my-work.ts), so every surface lists the same things. Case references only.
 */
import type { MyWork } from '../../src/app/my-work/my-work.js';
import { card, execute, facts, heading, note, para, type AdaptiveCard, type CardElement } from './card-kit.js';
import { md } from './card-text.js';
import { londonText } from './escalation-cards.js';

const section = (title: string, count: number): CardElement =>
  para(md`**${title}** (${String(count)})`, { separator: true, spacing: 'Medium' });

export function myWorkCard(work: MyWork): AdaptiveCard {
  const body: CardElement[] = [heading('My work')];
  body.push(section('Open escalations', work.escalations.length));
  if (work.escalations.length === 0) body.push(note('None open that you raised or own.'));
  for (const e of work.escalations)
    body.push({
      type: 'Container',
      items: [
        para(md`**${e.caseReference}** — stage ${String(e.stage)} (${e.stageName}), with ${e.otherAgency}`),
        note(
          e.deadline
            ? `${e.deadline.overdue ? 'OVERDUE — ' : ''}${e.deadline.label}: ${londonText(e.deadline.dueAt)}. ${e.nextAction}`
            : e.nextAction,
        ),
      ],
      selectAction: execute('Open', 'escalation.refresh', { escalationId: e.id }),
    });

  body.push(section('Call confirmations to send', work.phoneConfirmations.length));
  if (work.phoneConfirmations.length === 0) body.push(note('Every call you logged has its confirmation sent.'));
  for (const p of work.phoneConfirmations)
    body.push({
      type: 'Container',
      items: [
        para(`${p.caseReference ?? 'No case'} — call on ${londonText(p.occurredAt)}`),
        note(`To ${p.to.join(', ') || '(no address)'}: ${p.subject}`),
        {
          type: 'ActionSet',
          actions: [
            execute('Draft in Outlook', 'phone.draft', { discussionId: p.id }),
            execute('Mark sent', 'phone.confirmationSent', { discussionId: p.id }),
          ],
        },
      ],
    });

  body.push(section('Agreed actions', work.agreedActions.length));
  if (work.agreedActions.length === 0) body.push(note('No open agreed actions.'));
  for (const a of work.agreedActions)
    body.push({
      type: 'Container',
      items: [
        para(`${a.overdue ? 'OVERDUE — ' : ''}due ${a.dueOn}: ${a.description}`),
        note(`Owner: ${a.owner}`),
        { type: 'ActionSet', actions: [execute('Mark done', 'action.done', { actionId: a.id })] },
      ],
    });

  body.push(section('Consents expiring in the next 30 days', work.expiringConsents.length));
  if (work.expiringConsents.length === 0) body.push(note('None.'));
  if (work.expiringConsents.length > 0)
    body.push(
      facts(
        work.expiringConsents.map((c) => [
          c.caseReference,
          `${c.agencies.join(', ')}: expires ${c.expiresOn} (${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'})`,
        ]),
      ),
    );
  return card(body, [execute('Refresh', 'list.work')], { fallbackText: fallbackOf(work) });
}

function fallbackOf(work: MyWork): string {
  return [
    `My work: ${work.escalations.length} open escalations`,
    `${work.phoneConfirmations.length} call confirmations to send`,
    `${work.agreedActions.length} agreed actions`,
    `${work.expiringConsents.length} consents expiring`,
  ].join(', ');
}
