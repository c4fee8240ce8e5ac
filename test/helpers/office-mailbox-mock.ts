/**
 * An Outlook compose item made with office-addin-mock (Microsoft's mock library for Office.js):
 * recipients, subject, body, attachments, session data, custom properties and internet headers,
 * each answering through Office's callback shape. Tests read back what the add-in wrote.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const { OfficeMockObject } = require('office-addin-mock') as {
  OfficeMockObject: new (data: object) => Record<string, unknown>;
};

export interface MessageDraft {
  to: string[];
  cc?: string[];
  subject: string;
  body: string;
  attachments?: string[];
}

export interface MailboxState {
  session: Map<string, string>;
  properties: Map<string, string>;
  headers: Record<string, string>;
  draft: MessageDraft;
}

const ok = <T>(value: T) => ({ status: 'succeeded', value });

export function mailboxMock(
  draft: MessageDraft,
  user = { emailAddress: 'sam@contoso.example', displayName: 'Sam Practitioner' },
): { mailbox: Record<string, unknown>; state: MailboxState } {
  const state: MailboxState = { session: new Map(), properties: new Map(), headers: {}, draft };
  const recipients = (list: () => string[], set: (v: string[]) => void) => ({
    getAsync: (cb: (r: unknown) => void) =>
      cb(ok(list().map((emailAddress) => ({ emailAddress, displayName: emailAddress })))),
    setAsync: (v: string[], cb: (r: unknown) => void) => {
      set(v);
      cb(ok(undefined));
    },
  });
  const data = {
    userProfile: user,
    item: {
      to: recipients(
        () => state.draft.to,
        (v) => (state.draft.to = v),
      ),
      cc: recipients(
        () => state.draft.cc ?? [],
        (v) => (state.draft.cc = v),
      ),
      bcc: recipients(
        () => [],
        () => undefined,
      ),
      subject: {
        getAsync: (cb: (r: unknown) => void) => cb(ok(state.draft.subject)),
        setAsync: (v: string, cb: (r: unknown) => void) => {
          state.draft.subject = v;
          cb(ok(undefined));
        },
      },
      body: {
        getAsync: (_coercion: string, cb: (r: unknown) => void) => cb(ok(state.draft.body)),
        setAsync: (v: string, _o: unknown, cb: (r: unknown) => void) => {
          state.draft.body = v;
          cb(ok(undefined));
        },
      },
      getAttachmentsAsync: (cb: (r: unknown) => void) =>
        cb(ok((state.draft.attachments ?? []).map((name, i) => ({ id: String(i), name })))),
      sessionData: {
        getAsync: (key: string, cb: (r: unknown) => void) =>
          cb(
            state.session.has(key)
              ? ok(state.session.get(key))
              : { status: 'failed', value: undefined, error: { message: 'not found' } },
          ),
        setAsync: (key: string, value: string, cb: (r: unknown) => void) => {
          state.session.set(key, value);
          cb(ok(undefined));
        },
      },
      loadCustomPropertiesAsync: (cb: (r: unknown) => void) =>
        cb(
          ok({
            get: (key: string) => state.properties.get(key),
            set: (key: string, value: string) => state.properties.set(key, value),
            saveAsync: (done: (r: unknown) => void) => done(ok(undefined)),
          }),
        ),
      internetHeaders: {
        setAsync: (headers: Record<string, string>, cb: (r: unknown) => void) => {
          Object.assign(state.headers, headers);
          cb(ok(undefined));
        },
      },
    },
  };
  // host 'outlook': properties are read directly (no load/sync as in Excel or Word).
  const mock = new OfficeMockObject({ context: { mailbox: data }, host: 'outlook' });
  return { mailbox: (mock.context as { mailbox: Record<string, unknown> }).mailbox, state };
}
