/**
 * What the bot needs, built once in the composition root. Graph and single sign-on are optional:
 * without them (local mode) the bot still works and says what it cannot do.
 */
import type { AppDeps, DirectoryUser, ManagerDirectory, OutlookMail } from '../src/app/ports.js';
import type { NoticeDelivery } from '../src/app/outbox/reminder-notices.js';
import type { AdaptiveCard } from './cards/card-kit.js';

/** Sends a card to a colleague outside the current turn (proactively), by email when Teams cannot reach them. */
export interface Messenger {
  sendCard(
    tenantId: string,
    to: DirectoryUser,
    card: AdaptiveCard,
    email: { subject: string; text: string; reference: string },
  ): Promise<NoticeDelivery>;
  /** Email only, for someone outside the organisation (the other agency's contact). */
  sendEmail(
    tenantId: string,
    to: DirectoryUser,
    email: { subject: string; text: string; reference: string },
  ): Promise<NoticeDelivery>;
}

/** Checks a user token from Teams single sign-on and says whose it is. */
export interface SsoTokens {
  /** The Azure Bot OAuth connection and the app's resource URI, for the Universal Actions login request. */
  readonly connectionName: string;
  readonly resourceUri: string;
  /** Undefined when the token is not valid (signature, issuer, audience, expiry). */
  verify(token: string): Promise<{ tenantId: string; userId: string } | undefined>;
}

/**
 * Checks the Bot Framework token of an incoming activity (src/auth/bot-framework-token-verifier.ts):
 * its claims, a refusal with the failed check's name, or "unavailable" while Bot Framework's keys
 * have never been reachable.
 */
export type ChannelTokenCheck = (
  authorization: string | undefined,
  activity: { readonly serviceUrl: string; readonly channelId?: string | undefined },
) => Promise<
  | { readonly kind: 'valid'; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'unavailable' }
>;

export interface BotServices {
  readonly app: AppDeps;
  readonly managers: ManagerDirectory;
  readonly messenger: Messenger;
  readonly mail?: OutlookMail | undefined;
  readonly sso?: SsoTokens | undefined;
  /** No Bot Framework app id: anyone who can reach the endpoint is trusted (development only). */
  readonly localMode: boolean;
  /** The pack given to a Teams tenant seen for the first time, in local mode only. */
  readonly localPackId: string;
}
