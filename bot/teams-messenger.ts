/**
 * Proactive messages: a card to a colleague in their personal chat with the bot, using the
 * conversation reference stored when they installed or used the app, or a new 1:1 conversation.
 * When Teams cannot reach them (403: the app is not installed for them, or they are in another
 * organisation), the message goes by email through Graph with a link, and the result says which
 * channel delivered it.
 */
import { CardFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConversationStore } from '../src/app/directory/conversation-store.js';
import type { DirectoryUser, OutlookMail } from '../src/app/ports.js';
import type { NoticeDelivery } from '../src/app/outbox/reminder-notices.js';
import type { Messenger } from './bot-services.js';
import type { AdaptiveCard } from './cards/card-kit.js';
import { SendThrottle, statusOf } from './send-throttle.js';

export interface TeamsMessengerOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id; empty in local mode. */
  readonly appId: string;
  /** Only the conversation references: the messenger's own persistence. */
  readonly store: ConversationStore;
  readonly mail?: OutlookMail | undefined;
  readonly throttle: SendThrottle;
  /** Where people open the app from an email (the tab's address). */
  readonly appLink: string;
  readonly now: () => Date;
}

/** Teams cannot reach this person, and there is no email route either. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export function createTeamsMessenger(o: TeamsMessengerOptions): Messenger {
  return {
    async sendCard(tenantId, to, card, email) {
      try {
        return { via: 'teams', ref: await sendInTeams(o, tenantId, to, card) };
      } catch (error) {
        if (statusOf(error) !== 403 && !(error instanceof UnreachableError)) throw error;
        return sendByEmail(o, tenantId, to, email);
      }
    },
    // Someone outside the organisation has no use for a link to our app.
    sendEmail: (tenantId, to, email) => sendByEmail(o, tenantId, to, email, false),
  };
}

async function sendInTeams(
  o: TeamsMessengerOptions,
  tenantId: string,
  to: DirectoryUser,
  card: AdaptiveCard,
): Promise<string> {
  const activity = { type: 'message', attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText };
  const stored = (await o.store.getConversationReference(tenantId, to.userId)) as
    Partial<ConversationReference> | undefined;
  let activityId = '';
  const send = async (context: TurnContext) => {
    activityId = (await context.sendActivity(activity))?.id ?? '';
  };
  if (stored?.conversation?.id) {
    await o.throttle.run(stored.conversation.id, tenantId, () =>
      o.adapter.continueConversationAsync(o.appId, stored, send),
    );
    return activityId;
  }
  const serviceUrl = await o.store.tenantServiceUrl(tenantId);
  if (!serviceUrl) throw new UnreachableError('no Teams service address known for this organisation yet');
  const parameters = {
    isGroup: false,
    bot: { id: o.appId || 'safeguard-bot', name: 'Safeguarding assistant' },
    members: [{ id: to.userId, name: to.displayName }],
    tenantId,
    channelData: { tenant: { id: tenantId } },
    activity: undefined as never,
  };
  await o.throttle.run(`new:${to.userId}`, tenantId, () =>
    o.adapter.createConversationAsync(
      o.appId,
      'msteams',
      serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      parameters,
      async (context) => {
        await o.store.saveConversationReference(
          tenantId,
          to.userId,
          TurnContext.getConversationReference(context.activity),
          o.now().toISOString(),
        );
        await send(context);
      },
    ),
  );
  return activityId;
}

async function sendByEmail(
  o: TeamsMessengerOptions,
  tenantId: string,
  to: DirectoryUser,
  email: { subject: string; text: string; reference: string },
  withAppLink = true,
): Promise<NoticeDelivery> {
  if (!o.mail || !to.email)
    throw new UnreachableError('Teams cannot reach this person and no email route is configured');
  const paragraphs = email.text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('');
  const html = `${paragraphs}${withAppLink ? `<p><a href="${escapeHtml(o.appLink)}">Open the safeguarding app</a></p>` : ''}`;
  await o.mail.sendNotification(tenantId, to.email, email.subject, html, email.reference);
  return { via: 'email', ref: email.reference };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
