/**
 * The answers Teams expects to an `adaptiveCard/action` invoke. Any other shape makes Teams show
 * "Something went wrong", so every handler answers through these.
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/card-kit.js';

export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

export function errorResponse(
  statusCode: 400 | 401 | 403 | 404 | 429 | 500,
  code: string,
  message: string,
): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}

/**
 * Asks Teams to sign the user in silently (Universal Actions single sign-on): Teams gets a token
 * for our app and repeats the action with `authentication.token` in the invoke's value.
 */
export function loginRequest(connectionName: string, resourceUri: string, text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: {
      text,
      connectionName,
      tokenExchangeResource: { id: resourceUri, uri: resourceUri },
      buttons: [{ title: 'Sign in', type: 'signin', value: resourceUri }],
    },
  };
}
