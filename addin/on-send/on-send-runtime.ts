/// <reference types="office-js" />
/// <reference types="office-runtime" />
/**
 * The event runtime's entry: registers the handlers with Outlook. Built as one ES2016 script (no
 * imports, no DOM, no localStorage) for classic Outlook's JavaScript-only runtime; the same file
 * is loaded by the HTML page in Outlook on the web, new Outlook and Mac. Event handlers cannot
 * use Office.auth.getAccessToken: they use OfficeRuntime.auth.
 */
import { createApiClient, localToken } from '../../src/api/client.js';
import type { AddinSettings } from '../../src/api/contract.js';
import { DECISION_HEADER, ON_MESSAGE_SEND_ACTION, ON_RECIPIENTS_CHANGED_ACTION } from '../shared/addin-names.js';
import { readReference } from '../shared/draft-reference.js';
import { withTimeout } from '../shared/office-async.js';
import { readOutgoingMessage } from '../shared/read-message.js';
import { checkOnSend } from './on-send-check.js';

/** Filled in when the server builds this script. */
declare const __SAFEGUARD_SERVER__: string;
declare const __SAFEGUARD_LOCAL_TENANT__: string;

/** The server must answer within this, well before Outlook's "taking longer" dialog (about 5 s). */
const SERVER_TIMEOUT_MS = 3000;

let settings: AddinSettings | undefined;

async function token(): Promise<string> {
  const profile = Office.context.mailbox.userProfile;
  if (__SAFEGUARD_LOCAL_TENANT__)
    return localToken({ tid: __SAFEGUARD_LOCAL_TENANT__, oid: profile.emailAddress, name: profile.displayName });
  return OfficeRuntime.auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false });
}

// The server's absolute address: the JavaScript-only runtime has no page origin to resolve against.
const api = createApiClient({ baseUrl: __SAFEGUARD_SERVER__, token });

/** The server's answer, or undefined when it refused or did not answer in time (the local check decides then). */
function inTime<T>(call: Promise<T>): Promise<T | undefined> {
  return withTimeout(
    call.catch(() => undefined),
    SERVER_TIMEOUT_MS,
    undefined,
  );
}

async function loadSettings(): Promise<AddinSettings | undefined> {
  settings = settings ?? (await inTime(api.addinSettings()));
  return settings;
}

async function onMessageSend(event: Office.AddinCommands.Event): Promise<void> {
  const item = Office.context.mailbox.item as unknown as Parameters<typeof readOutgoingMessage>[0] &
    Parameters<typeof readReference>[0] & { internetHeaders: Office.InternetHeaders };
  const [message, stored, known] = await Promise.all([
    readOutgoingMessage(item, Office.context.mailbox.userProfile.emailAddress),
    readReference(item),
    loadSettings(),
  ]);
  const outcome = await checkOnSend({
    message,
    reference: stored.reference,
    storedDecision: stored.decision,
    ownDomains: known?.ownDomains,
    caseReferencePattern: known?.caseReferencePattern,
    fallbackSendMode: known?.sendMode ?? 'soft-block',
    askServer: (request) => inTime(api.sharingCheck(request)),
  });
  if (!outcome.allow) return event.completed(outcome.options);
  // The header lets an Exchange transport rule hold case mail that never passed this check.
  item.internetHeaders.setAsync({ [DECISION_HEADER]: outcome.header }, () => event.completed({ allowEvent: true }));
}

function onMessageSendHandler(event: Office.AddinCommands.Event): void {
  onMessageSend(event).catch(() => {
    // Something failed while reading the item: hold the message (it stays a draft) and say why.
    event.completed({
      allowEvent: false,
      errorMessage: 'The safeguarding check could not read this message. Try again, or open the safeguarding pane.',
    } as unknown as Office.AddinCommands.EventCompletedOptions);
  });
}

/** Warms the settings before Send is pressed, so the send-time check has less to wait for. */
function onMessageRecipientsChangedHandler(event: Office.AddinCommands.Event): void {
  loadSettings().then(
    () => event.completed(),
    () => event.completed(),
  );
}

Office.actions.associate(ON_MESSAGE_SEND_ACTION, onMessageSendHandler);
Office.actions.associate(ON_RECIPIENTS_CHANGED_ACTION, onMessageRecipientsChangedHandler);
