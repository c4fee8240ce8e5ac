/**
 * Reads the message being composed into the detection module's shape. Only Mailbox 1.8 APIs
 * (recipients, subject, body as text, attachments), so it runs in every client that has Smart
 * Alerts (1.12).
 */
import type { OutgoingMessage } from '../../src/domain/detection/index.js';
import { officeCall, type AsyncResultLike } from './office-async.js';

interface Recipients {
  getAsync(callback: (r: AsyncResultLike<readonly { emailAddress: string }[]>) => void): void;
}
/** The part of Office.MessageCompose the add-in reads (typed here so tests can pass a mock). */
export interface ComposeItem {
  to: Recipients;
  cc: Recipients;
  bcc: Recipients;
  subject: { getAsync(callback: (r: AsyncResultLike<string>) => void): void };
  body: { getAsync(coercion: string, callback: (r: AsyncResultLike<string>) => void): void };
  getAttachmentsAsync?(callback: (r: AsyncResultLike<readonly { name: string }[]>) => void): void;
}

export async function readOutgoingMessage(item: ComposeItem, from: string): Promise<OutgoingMessage> {
  const addresses = (r: Recipients) =>
    officeCall<readonly { emailAddress: string }[]>((cb) => r.getAsync(cb)).then((list) =>
      list.map((x) => x.emailAddress),
    );
  const [to, cc, bcc, subject, bodyText, attachments] = await Promise.all([
    addresses(item.to),
    addresses(item.cc),
    addresses(item.bcc),
    officeCall<string>((cb) => item.subject.getAsync(cb)),
    officeCall<string>((cb) => item.body.getAsync('text', cb)),
    item.getAttachmentsAsync
      ? officeCall<readonly { name: string }[]>((cb) => item.getAttachmentsAsync?.(cb))
      : Promise.resolve([]),
  ]);
  return { from, to, cc, bcc, subject, bodyText, attachmentNames: attachments.map((a) => a.name) };
}
