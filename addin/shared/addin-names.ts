/**
 * Names shared by the add-in's code and its manifests: a handler registered under one name and
 * declared under another never runs, so both sides import these (the manifest tests check them).
 */
export const ON_MESSAGE_SEND_ACTION = 'onMessageSendHandler';
export const ON_RECIPIENTS_CHANGED_ACTION = 'onMessageRecipientsChangedHandler';
/** The ribbon button that opens the task pane; Smart Alerts' dialog button names it (`commandId`). */
export const OPEN_PANE_COMMAND = 'safeguardOpenPane';
/** Internet header naming the sharing decision a message was checked against (for Exchange transport rules). */
export const DECISION_HEADER = 'x-safeguard-decision';
/** The Teams personal tab's `entityId`: deep links into the tab name it (bot cards' links). */
export const TAB_ENTITY_ID = 'escalations';
/** Where the add-in is served from, under the server's public URL. */
export const ADDIN_PATHS = {
  taskpane: '/addin/taskpane.html',
  eventRuntimePage: '/addin/on-send.html',
  eventRuntimeScript: '/addin/on-send.js',
  tab: '/tab/',
} as const;
