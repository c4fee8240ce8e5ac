/// <reference types="office-js" />
/// <reference types="office-runtime" />
/**
 * The event runtime's entry: registers the handlers with Outlook. Built as one ES2016 script (no
 * imports, no DOM, no localStorage) for classic Outlook's JavaScript-only runtime; the same file
 * is loaded by the HTML page in Outlook on the web, new Outlook and Mac. Event handlers cannot
 * use Office.auth.getAccessToken: they use OfficeRuntime.auth.
 */
import { DECISION_HEADER, ON_MESSAGE_SEND_ACTION, ON_RECIPIENTS_CHANGED_ACTION } from '../shared/addin-names.js';
import { readReference } from '../shared/draft-reference.js';
import { withTimeout } from '../shared/office-async.js';
import { readOutgoingMessage } from '../shared/read-message.js';
import { localToken } from '../shared/local-token.js';
import { checkOnSend, type SendMode, type ServerAnswer } from './on-send-check.js';

/** Filled in when the server builds this script. */
declare const __SAFEGUARD_SERVER__: string;
declare const __SAFEGUARD_LOCAL_TENANT__: string;

/** The server must answer within this, well before Outlook's "taking longer" dialog (about 5 s). */
const SERVER_TIMEOUT_MS = 3000;

interface Settings { sendMode: SendMode; ownDomains: string[]; caseReferencePattern?: string }
let settings: Settings | undefined;

async function token(): Promise<string> {
  const profile = Office.context.mailbox.userProfile;
  if (__SAFEGUARD_LOCAL_TENANT__) return localToken(__SAFEGUARD_LOCAL_TENANT__, profile.emailAddress, profile.displayName);
  return OfficeRuntime.auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false });
}

async function call<T>(path: string, body?: unknown): Promise<T | undefined> {
  const response = await fetch(`${__SAFEGUARD_SERVER__}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.ok ? ((await response.json()) as T) : undefined;
}

async function loadSettings(): Promise<Settings | undefined> {
  settings = settings ?? (await withTimeout(call<Settings>('/api/addin/settings').catch(() => undefined), SERVER_TIMEOUT_MS, undefined));
  return settings;
}

async function onMessageSend(event: Office.AddinCommands.Event): Promise<void> {
  const item = Office.context.mailbox.item as unknown as Parameters<typeof readOutgoingMessage>[0] & Parameters<typeof readReference>[0] & { internetHeaders: Office.InternetHeaders };
  const [message, stored, known] = await Promise.all([readOutgoingMessage(item, Office.context.mailbox.userProfile.emailAddress), readReference(item), loadSettings()]);
  const outcome = await checkOnSend({
    message, reference: stored.reference, storedDecision: stored.decision, ownDomains: known?.ownDomains, caseReferencePattern: known?.caseReferencePattern,
    fallbackSendMode: known?.sendMode ?? 'soft-block',
    askServer: (request) => withTimeout(call<ServerAnswer>('/api/sharing-check', request).catch(() => undefined), SERVER_TIMEOUT_MS, undefined),
  });
  if (!outcome.allow) return event.completed(outcome.options as unknown as Office.AddinCommands.EventCompletedOptions);
  // The header lets an Exchange transport rule hold case mail that never passed this check.
  item.internetHeaders.setAsync({ [DECISION_HEADER]: outcome.header }, () => event.completed({ allowEvent: true } as Office.AddinCommands.EventCompletedOptions));
}

function onMessageSendHandler(event: Office.AddinCommands.Event): void {
  onMessageSend(event).catch(() => {
    // Something failed while reading the item: hold the message (it stays a draft) and say why.
    event.completed({ allowEvent: false, errorMessage: 'The safeguarding check could not read this message. Try again, or open the safeguarding pane.' } as unknown as Office.AddinCommands.EventCompletedOptions);
  });
}

/** Warms the settings before Send is pressed, so the send-time check has less to wait for. */
function onMessageRecipientsChangedHandler(event: Office.AddinCommands.Event): void {
  loadSettings().then(() => event.completed(), () => event.completed());
}

Office.actions.associate(ON_MESSAGE_SEND_ACTION, onMessageSendHandler);
Office.actions.associate(ON_RECIPIENTS_CHANGED_ACTION, onMessageRecipientsChangedHandler);
