/**
 * A stand-in for Office.js in the browser, served at Microsoft's CDN address (the page loads
 * Office.js from there, as Microsoft requires; this machine has no internet). It provides the
 * mailbox calls the task pane makes and keeps what the pane writes in `window.__office`.
 */
export interface ShimDraft {
  to: string[];
  subject: string;
  body: string;
}

export function officeShim(
  draft: ShimDraft,
  user = { emailAddress: 'sam@contoso.example', displayName: 'Sam Practitioner' },
): string {
  return `(() => {
  const state = { draft: ${JSON.stringify(draft)}, session: {}, properties: {} };
  window.__office = state;
  const ok = (value) => ({ status: 'succeeded', value });
  const recipients = (key) => ({
    getAsync: (cb) => cb(ok((state.draft[key] || []).map((emailAddress) => ({ emailAddress, displayName: emailAddress })))),
    setAsync: (value, cb) => { state.draft[key] = value.map((v) => typeof v === 'string' ? v : v.emailAddress); cb(ok()); },
  });
  window.Office = {
    onReady: (cb) => { setTimeout(() => cb({ host: 'Outlook', platform: 'OfficeOnline' }), 0); return Promise.resolve(); },
    auth: { getAccessToken: () => Promise.reject(new Error('no SSO in local mode')) },
    context: { mailbox: {
      userProfile: ${JSON.stringify(user)},
      item: {
        to: recipients('to'), cc: recipients('cc'), bcc: recipients('bcc'),
        subject: { getAsync: (cb) => cb(ok(state.draft.subject)), setAsync: (v, cb) => { state.draft.subject = v; cb(ok()); } },
        body: { getAsync: (_c, cb) => cb(ok(state.draft.body)), setAsync: (v, _o, cb) => { state.draft.body = v; cb(ok()); } },
        getAttachmentsAsync: (cb) => cb(ok([])),
        sessionData: {
          getAsync: (k, cb) => cb(k in state.session ? ok(state.session[k]) : { status: 'failed', error: { message: 'not found' } }),
          setAsync: (k, v, cb) => { state.session[k] = v; cb(ok()); },
        },
        loadCustomPropertiesAsync: (cb) => cb(ok({ get: (k) => state.properties[k], set: (k, v) => { state.properties[k] = v; }, saveAsync: (done) => done(ok()) })),
      },
    } },
  };
})();`;
}
