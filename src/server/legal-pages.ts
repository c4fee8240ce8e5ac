/**
 * The privacy statement and terms of use the app package links to (`<server>/privacy`,
 * `<server>/terms`: manifest/app-manifest.ts). Plain HTML — headings, lists, no script — with the
 * organisation's name and contact from the configuration (SAFEGUARD_ORGANISATION_NAME,
 * SAFEGUARD_PRIVACY_CONTACT). What they say follows what the product keeps (README, "How it is
 * built"); change both together.
 */
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';

export interface StaticPage {
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

const STYLE =
  'body{font:1rem/1.6 "Segoe UI",system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1.5rem;color:#242424;background:#fff}h1{font-size:1.6rem;line-height:1.3}h2{font-size:1.2rem;margin-top:2rem}a{color:#0f6cbd}a:focus{outline:2px solid #0f6cbd;outline-offset:2px}nav{margin-bottom:1.5rem}footer{margin-top:3rem;font-size:.9rem;color:#616161}';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The two pages by path, rendered once: they change only with the configuration. */
/** Who runs the service, as the pages name them (SAFEGUARD_ORGANISATION_NAME, SAFEGUARD_PRIVACY_CONTACT). */
export interface Publisher {
  readonly name?: string | undefined;
  readonly contact?: string | undefined;
}

export function legalPages(publisher: Publisher = {}): ReadonlyMap<string, StaticPage> {
  const who = publisher.name ? escape(publisher.name) : 'The organisation that runs this service';
  const whoInSentence = publisher.name ? escape(publisher.name) : 'the organisation that runs this service';
  const contact = contactHtml(publisher.contact);
  return new Map([
    ['/privacy', page('Privacy statement', privacyBody(who, whoInSentence, contact))],
    ['/terms', page('Terms of use', termsBody(who, whoInSentence, contact))],
  ]);
}

function contactHtml(contact: string | undefined): string {
  if (!contact) return 'your organisation’s data protection officer';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) return `<a href="mailto:${escape(contact)}">${escape(contact)}</a>`;
  if (/^https:\/\/\S+$/.test(contact)) return `<a href="${escape(contact)}">${escape(contact)}</a>`;
  return escape(contact);
}

function page(title: string, main: string): StaticPage {
  const html = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Safeguarding protocol assistant</title>
<style>${STYLE}</style>
</head>
<body>
<nav aria-label="Service information"><a href="/privacy">Privacy statement</a> · <a href="/terms">Terms of use</a></nav>
<main>
<h1>${title}</h1>
${main}
</main>
<footer><p>Safeguarding protocol assistant for Microsoft 365.</p></footer>
</body>
</html>
`;
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  return {
    body: Buffer.from(html),
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      // Nothing runs on these pages: no script, no frames, no forms; only their own inline style.
      'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  };
}

function privacyBody(who: string, whoInSentence: string, contact: string): string {
  return `<p>${who} runs this service so that its staff follow the local adult-safeguarding protocols in
Outlook and Microsoft Teams. ${who} is responsible for the personal data it keeps (the controller).</p>

<h2>What it keeps</h2>
<ul>
<li><strong>People you work with:</strong> their case reference, name and, where you give it, date of birth.</li>
<li><strong>Consent:</strong> whether a person consented to their information being shared, with which agencies, and
when consent was given, refused, withdrawn or ended.</li>
<li><strong>Sharing decisions:</strong> each decision to share information or not — what, with whom, why, on what
lawful basis, who decided and when. Decisions are never changed or deleted: they form a tamper-evident record.</li>
<li><strong>Phone discussions</strong> between professionals, their agreed actions and the confirmation emails.</li>
<li><strong>Escalations</strong> of disagreements between agencies: the other agency and contact, the disagreement,
the risk level, each stage, its deadlines, discussions, outcome and de-brief, and the reminders sent about them.</li>
<li><strong>Staff:</strong> names, work email addresses, line managers and safeguarding roles (from your
organisation’s Microsoft Entra ID), and the reasons given when an email was sent without a sharing decision.</li>
</ul>
<p>The Outlook add-in checks an email you are sending to another organisation for case details. The message is read
to check it, not stored; what is kept is the decision recorded for it, or the reason it was sent without one.</p>

<h2>Where it is kept</h2>
<p>In ${whoInSentence}’s own database, on the servers or in the Microsoft Azure subscription that ${whoInSentence}
chooses. Reminders and cards travel through Microsoft Teams, and emails through Microsoft 365, under
${whoInSentence}’s agreement with Microsoft. Nothing is sold, used for advertising or sent to anyone else, and the
pages set no tracking cookies.</p>

<h2>Who sees what</h2>
<ul>
<li>Each organisation’s records are separate: nobody sees another organisation’s records.</li>
<li>Practitioners see what they recorded and the escalations they raised or take part in.</li>
<li>Line managers see their team’s escalations and those addressed to them, and act on them.</li>
<li>Holders of the Safeguarding Adults Board’s roles see every open escalation and the themes the Board reviews.</li>
<li>Administrators of the service can export records for audit and information-governance work.</li>
</ul>

<h2>How long it is kept</h2>
<p>For as long as ${whoInSentence}’s records retention policy says. The service deletes nothing on its own.</p>

<h2>Your rights and questions</h2>
<p>Under the UK GDPR and the Data Protection Act 2018 you may ask what is held about you, ask for it to be
corrected, and complain to the Information Commissioner’s Office. Contact ${contact}.</p>`;
}

function termsBody(who: string, whoInSentence: string, contact: string): string {
  return `<p>${who} provides this service to its staff to follow its adult-safeguarding protocols. By using it you
agree to these terms and to ${whoInSentence}’s own information-governance policies.</p>
<ul>
<li><strong>It supports your judgement; it does not replace it.</strong> The protocol and your professional
judgement decide. If someone is in immediate danger, call 999.</li>
<li><strong>Use it for your work only</strong>, for people on your caseload, and record only what the protocol
needs: accurate, fact distinguished from opinion.</li>
<li><strong>Records are kept and may be audited.</strong> Sharing decisions cannot be changed afterwards; a
correction is a new decision.</li>
<li><strong>If the service is unavailable</strong>, follow your protocol’s usual process. An email held by the
on-send check stays in your drafts; nothing is lost.</li>
</ul>
<p>The <a href="/privacy">privacy statement</a> says what the service keeps and who sees it. Questions: ${contact}.</p>`;
}
