/**
 * Outlook mail through Microsoft Graph: a confirmation email created as a draft in the user's own
 * mailbox (POST /me/messages, delegated Mail.ReadWrite by on-behalf-of), and notifications sent
 * from the organisation's mailbox (POST /users/{mailbox}/sendMail, app-only Mail.Send) when
 * Teams cannot reach someone.
 */
import type { OutlookMail } from '../app/ports.js';
import type { TokenSource } from './token-source.js';
import { createGraphClient } from './graph-client.js';

export interface GraphMailOptions {
  readonly graphBaseUrl: string;
  readonly tokens: TokenSource;
  /** The mailbox notifications come from (a shared mailbox); without it no notification email is sent. */
  readonly notificationMailbox?: string | undefined;
}

const DRAFT_SCOPES = ['https://graph.microsoft.com/Mail.ReadWrite'];

export function createGraphOutlookMail(options: GraphMailOptions): OutlookMail {
  return {
    async createDraftAs(userAssertion, tenantId, email) {
      const client = createGraphClient(options.graphBaseUrl, () =>
        options.tokens.onBehalfOf(tenantId, userAssertion, DRAFT_SCOPES),
      );
      const message = (await client.api('/me/messages').post({
        subject: email.subject,
        body: { contentType: 'text', content: email.body },
        toRecipients: email.to.map((address) => ({ emailAddress: { address } })),
      })) as { id: string; webLink?: string };
      return { id: message.id, webLink: message.webLink };
    },
    async sendNotification(tenantId, to, subject, html, reference) {
      if (!options.notificationMailbox) throw new Error('no notification mailbox is configured');
      const client = createGraphClient(options.graphBaseUrl, () => options.tokens.appToken(tenantId));
      await client.api(`/users/${encodeURIComponent(options.notificationMailbox)}/sendMail`).post({
        message: {
          subject,
          body: { contentType: 'html', content: html },
          toRecipients: [{ emailAddress: { address: to } }],
          // Lets a resend be recognised, and the mail traced to the reminder it carried.
          internetMessageHeaders: [{ name: 'X-Safeguard-Reference', value: reference }],
        },
        saveToSentItems: true,
      });
    },
  };
}
