/**
 * Builds the Teams side: the Bot Framework adapter (authentication enforced whenever an app id
 * is configured), the bot, the proactive messenger and the reminder-card notifier.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { AppDeps, ManagerDirectory, OutlookMail } from '../src/app/ports.js';
import type { ReminderNotifier } from '../src/app/reminder-notices.js';
import type { WriteLimiter } from '../src/app/write-limiter.js';
import { createBotEndpoint, type BotEndpoint } from './bot-endpoint.js';
import type { ChannelTokenCheck, Messenger, SsoTokens } from './bot-services.js';
import { CheckedAdapter } from './checked-adapter.js';
import { errorResponse } from './invoke-response.js';
import { createReminderCardsNotifier } from './reminder-cards-notifier.js';
import { SafeguardingBot } from './safeguarding-bot.js';
import { SendThrottle, type ThrottleOptions } from './send-throttle.js';
import { createTeamsMessenger } from './teams-messenger.js';

export interface TeamsBotOptions {
  readonly app: AppDeps;
  readonly managers: ManagerDirectory;
  readonly mail?: OutlookMail | undefined;
  readonly sso?: SsoTokens | undefined;
  /** Absent: local mode (no Bot Framework authentication). */
  readonly credentials?: { readonly appId: string; readonly appPassword: string; readonly appTenantId?: string | undefined } | undefined;
  readonly localPackId: string;
  readonly appLink: string;
  readonly throttle?: ThrottleOptions | undefined;
  /** Checks Bot Framework tokens; required with credentials (every request is refused without it). */
  readonly checkToken?: ChannelTokenCheck | undefined;
  /** Each person's messages and card actions (shared with the REST API's writes). */
  readonly writeLimiter?: WriteLimiter | undefined;
}

export interface TeamsBot {
  readonly endpoint: BotEndpoint;
  readonly notifier: ReminderNotifier;
  readonly messenger: Messenger;
}

export function createTeamsBot(o: TeamsBotOptions): TeamsBot {
  const c = o.credentials;
  const auth = new ConfigurationBotFrameworkAuthentication(c ? {
    MicrosoftAppId: c.appId, MicrosoftAppPassword: c.appPassword, MicrosoftAppType: c.appTenantId ? 'SingleTenant' : 'MultiTenant', MicrosoftAppTenantId: c.appTenantId,
  } : {});
  const adapter = new CheckedAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // The error's kind only: messages may carry case data.
    console.error(`safeguard: bot turn failed (${error instanceof Error ? error.name : 'unknown error'})`);
    if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong on our side; nothing was changed. Please try again.');
    // A card action gets Teams' error answer (shown on the card) rather than an empty 501.
    if (context.activity.type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: { status: 500, body: errorResponse(500, 'INTERNAL', 'Something went wrong on our side; nothing was changed. Please try again.') } });
  };
  const messenger = createTeamsMessenger({ adapter, appId: c?.appId ?? '', store: o.app.store, mail: o.mail, throttle: new SendThrottle(o.throttle), appLink: o.appLink, now: () => o.app.clock.now() });
  const bot = new SafeguardingBot({ app: o.app, managers: o.managers, messenger, mail: o.mail, sso: o.sso, localMode: !c, localPackId: o.localPackId });
  return {
    endpoint: createBotEndpoint({ adapter, bot, checkToken: c ? (o.checkToken ?? refuseAll) : undefined, writeLimiter: o.writeLimiter }),
    notifier: createReminderCardsNotifier({ store: o.app.store, packs: o.app.packs, managers: o.managers, messenger }),
    messenger,
  };
}

/** With an app id but nothing to check tokens with, nothing gets in. */
const refuseAll: ChannelTokenCheck = async () => ({ kind: 'rejected', reason: 'no token checker configured' });
