/**
 * The Teams bot: practitioners type a command (or press a button) and get a card; every card
 * action comes back as an `adaptiveCard/action` invoke and is answered with the next card.
 * Each turn remembers the user's conversation reference in PostgreSQL, so reminders can reach
 * them proactively after a restart.
 */
import {
  ActivityHandler,
  CardFactory,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import { rememberChatUser } from '../src/app/directory/chat-users.js';
import { ensureLocalTenant } from '../src/app/tenants.js';
import type { Caller } from '../src/app/ports.js';
import { findTenantContext, tenantContext, type TenantContext } from '../src/app/tenant-context.js';
import type { BotServices } from './bot-services.js';
import { runCardAction } from './card-actions.js';
import type { AdaptiveCard } from './cards/card-kit.js';
import { helpCard, helpText } from './cards/help-card.js';
import { callerOf } from './teams-caller.js';
import { errorResponse } from './invoke-response.js';
import type { FlowContext } from './flows/flow-context.js';

/** Typed commands and the card action each one opens. */
const COMMAND_WORDS: readonly (readonly [RegExp, string])[] = [
  [/^(log (a )?(phone )?call|phone|call)\b/, 'open.phone'],
  [/^(check )?consent\b|^share\b|^sharing\b/, 'open.consent'],
  [/^(raise (an )?)?escalat(e|ion)\b/, 'open.escalation'],
  [/^my escalations?\b/, 'list.mine'],
  [/^(my )?work\b|^(my )?to ?do\b/, 'list.work'],
  [/^(my )?team('s)? escalations?\b|^my team\b/, 'list.team'],
  [/^(tell|report to) my (line )?manager\b|^report\b/, 'open.report'],
  [/^(help|hi|hello|start|\?)\b/, 'open.help'],
];

const TENANT_KEY = Symbol('safeguard.tenant');
/** How many users' last-saved references are remembered to skip rewriting an unchanged one. */
const SAVED_CACHE_SIZE = 10_000;

export class SafeguardingBot extends ActivityHandler {
  /** What was last written per user: PostgreSQL holds the truth, this only avoids identical rewrites. */
  private readonly lastSaved = new Map<string, string>();

  constructor(private readonly services: BotServices) {
    super();
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const ctx = await this.flowContext(context);
      if (ctx && context.activity.membersAdded?.some((m) => m.id !== context.activity.recipient?.id))
        await reply(context, helpCard(ctx.tenant.pack));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await this.remember(context);
    await super.run(context);
  }

  /** An invoke this bot does not handle is a client error with a message, not botbuilder's empty 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const answer = await super.onInvokeActivity(context);
    if (answer.status !== 501) return answer;
    const name = String(context.activity.name ?? '').slice(0, 60);
    return {
      status: 400,
      body: {
        error: 'INVOKE.NOT_SUPPORTED',
        message: `This kind of request (${name || 'no name'}) is not supported by the safeguarding assistant.`,
      },
    };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const ctx = await this.flowContext(context, value.authentication?.token);
    if (!ctx)
      return errorResponse(
        403,
        'TENANT.NOT_SET_UP',
        'Your organisation is not set up for the safeguarding assistant yet. Ask your administrator.',
      );
    const verb = value.action.verb ?? '';
    return runCardAction(ctx, verb, value.action.data ?? {});
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const ctx = await this.flowContext(context);
    if (!ctx) {
      await context.sendActivity(
        'Your organisation is not set up for the safeguarding assistant yet. Ask your administrator to add it.',
      );
      return;
    }
    const text =
      (context.activity.recipient ? TurnContext.removeRecipientMention(context.activity) : context.activity.text)
        ?.trim()
        .toLowerCase() ?? '';
    const verb = COMMAND_WORDS.find(([pattern]) => pattern.test(text))?.[1];
    if (!verb) {
      await context.sendActivity(`Sorry, I did not understand that.\n\n${helpText(ctx.tenant.pack)}`);
      await reply(context, helpCard(ctx.tenant.pack));
      return;
    }
    const answer = await runCardAction(ctx, verb, {});
    if (answer.type === 'application/vnd.microsoft.card.adaptive')
      await reply(context, answer.value as unknown as AdaptiveCard);
  }

  private async flowContext(context: TurnContext, userToken?: string): Promise<FlowContext | undefined> {
    const caller = callerOf(context.activity);
    const tenant = caller && (await this.turnTenant(context, caller));
    return caller && tenant ? { services: this.services, caller, tenant, userToken } : undefined;
  }

  /** The caller's organisation, looked up once per turn. */
  private async turnTenant(context: TurnContext, caller: Caller): Promise<TenantContext | undefined> {
    if (!context.turnState.has(TENANT_KEY)) context.turnState.set(TENANT_KEY, await this.tenantOf(caller));
    return context.turnState.get<TenantContext | undefined>(TENANT_KEY);
  }

  /** The caller's organisation; in local mode a Teams tenant seen for the first time is set up with the local pack. */
  private async tenantOf(caller: Caller): Promise<TenantContext | undefined> {
    const { app, localMode, localPackId } = this.services;
    const found = await findTenantContext(app, caller.tenantId);
    if (found || !localMode) return found;
    await ensureLocalTenant(app, caller.tenantId, localPackId);
    return tenantContext(app, caller.tenantId);
  }

  /** Keeps who the user is and how to reach them (personal chats only: a channel is not a person). */
  private async remember(context: TurnContext): Promise<void> {
    const caller = callerOf(context.activity);
    if (!caller || !(await this.turnTenant(context, caller))) return;
    const type = context.activity.conversation?.conversationType;
    const personal = type === undefined || type === 'personal';
    // Without the incoming message id: a reminder starts a new message, not a reply to an old one.
    const reference = personal
      ? { ...TurnContext.getConversationReference(context.activity), activityId: undefined }
      : undefined;
    const key = `${caller.tenantId}:${caller.userId}`;
    const fingerprint = JSON.stringify([caller.name, reference]);
    if (this.lastSaved.get(key) === fingerprint) return;
    await rememberChatUser(this.services.app, caller, reference);
    if (this.lastSaved.size >= SAVED_CACHE_SIZE) this.lastSaved.delete(this.lastSaved.keys().next().value as string);
    this.lastSaved.set(key, fingerprint);
  }
}

async function reply(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
}
