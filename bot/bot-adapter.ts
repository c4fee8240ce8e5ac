/**
 * The Bot Framework adapter: authentication enforced whenever an app id is configured (local mode
 * otherwise), and a turn that fails answered in Teams' terms — a word in the chat, or the error
 * answer a card shows — with the error's kind only in the log. The composition root (src/main.ts)
 * wires it to the bot, the messenger and the endpoint.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { CheckedAdapter } from './checked-adapter.js';
import { errorResponse } from './invoke-response.js';
import { errorKind, telemetry } from '../src/app/telemetry.js';

/** The bot's app registration; absent in local mode (no Bot Framework authentication). */
export interface BotCredentials {
  readonly appId: string;
  readonly appPassword: string;
  readonly appTenantId?: string | undefined;
}

export function createBotAdapter(credentials: BotCredentials | undefined): CheckedAdapter {
  const c = credentials;
  const auth = new ConfigurationBotFrameworkAuthentication(
    c
      ? {
          MicrosoftAppId: c.appId,
          MicrosoftAppPassword: c.appPassword,
          MicrosoftAppType: c.appTenantId ? 'SingleTenant' : 'MultiTenant',
          MicrosoftAppTenantId: c.appTenantId,
        }
      : {},
  );
  const adapter = new CheckedAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // The error's kind only: messages may carry case data.
    telemetry.error(`safeguard: bot turn failed (${errorKind(error)})`, { error: errorKind(error) });
    if (context.activity.type === 'message')
      await context.sendActivity('Sorry, something went wrong on our side; nothing was changed. Please try again.');
    // A card action gets Teams' error answer (shown on the card) rather than an empty 501.
    if (context.activity.type === 'invoke')
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 500,
          body: errorResponse(
            500,
            'INTERNAL',
            'Something went wrong on our side; nothing was changed. Please try again.',
          ),
        },
      });
  };
  return adapter;
}
