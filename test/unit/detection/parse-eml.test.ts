/** The .eml reader behind `safeguard check-email` (src/mail/parse-eml.ts), on messages built here. */
import { decodeEncodedWords, parseAddressList, parseEml } from '../../../src/mail/parse-eml.js';

const crlf = (...lines: string[]) => lines.join('\r\n');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('headers', () => {
  test('folded headers are unfolded and addresses read from every form', () => {
    const message = parseEml(
      crlf(
        'From: "Practitioner, Sam" <Sam@Stockport.gov.uk>',
        'To: PC Jones <p.jones@gmp.police.uk>,',
        '\tduty@stockport.gov.uk (Duty team),',
        ' Team: a@x.org, "b, c" <b@x.org>;',
        'Cc: Undisclosed recipients:;',
        'Bcc: <hidden@nhs.net>',
        'Subject: A long',
        ' subject',
        '',
        'Body',
      ),
    );
    expect(message).toMatchObject({
      from: 'Sam@Stockport.gov.uk',
      to: ['p.jones@gmp.police.uk', 'duty@stockport.gov.uk', 'a@x.org', 'b@x.org'],
      cc: [],
      bcc: ['hidden@nhs.net'],
      subject: 'A long subject',
      bodyText: 'Body',
      attachmentNames: [],
    });
  });

  test('encoded-words, B and Q, joined across a split multi-byte character', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Caf=C3=A9_notes?=')).toBe('Café notes');
    expect(decodeEncodedWords(`=?UTF-8?B?${b64('Zoë Brontë')}?=`)).toBe('Zoë Brontë');
    // "é" is C3 A9: split across two encoded-words, with folding white space between them.
    expect(decodeEncodedWords('=?utf-8?Q?Caf=C3?=\r\n =?utf-8?Q?=A9?= ok')).toBe('Café ok');
    expect(decodeEncodedWords('Re: =?iso-8859-1?q?Andr=E9?= and plain')).toBe('Re: André and plain');
    expect(decodeEncodedWords('=?utf-8*en?Q?lang_tag?=')).toBe('lang tag');
  });

  test('raw UTF-8 in headers (RFC 6532)', () => {
    const raw = Buffer.from('From: a@b.org\nTo: c@d.org\nSubject: Zoë\n\nx', 'utf8');
    expect(parseEml(raw).subject).toBe('Zoë');
  });

  test('address lists with quoted commas, comments and routes', () => {
    expect(parseAddressList('"Smith, Jane" <jane@x.org>, bob@y.org (Bob), <@relay.org:carol@z.org>')).toEqual([
      'jane@x.org',
      'bob@y.org',
      'carol@z.org',
    ]);
  });
});

describe('bodies', () => {
  test('text/plain is preferred in multipart/alternative; attachments are named', () => {
    const message = parseEml(
      crlf(
        'From: a@b.org',
        'To: c@d.org',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        'preamble',
        '--outer',
        'Content-Type: multipart/alternative; boundary="alt"',
        '',
        '--alt',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>HTML version</p>',
        '--alt',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Plain version',
        '--alt--',
        '--outer',
        'Content-Type: application/pdf; name="by-name.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0=',
        '--outer',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment;',
        " filename*0*=utf-8''Zo%C3%AB%20;",
        ' filename*1="Bront";',
        ' filename*2*=%C3%AB.docx',
        '',
        'AAAA',
        '--outer',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment; filename="=?utf-8?B?' + b64('Référence.txt') + '?="',
        '',
        'AAAA',
        '--outer--',
        'epilogue',
      ),
    );
    expect(message.bodyText).toBe('Plain version');
    expect(message.attachmentNames).toEqual(['by-name.pdf', 'Zoë Brontë.docx', 'Référence.txt']);
  });

  test('HTML alone is turned into text', () => {
    const message = parseEml(
      crlf(
        'From: a@b.org',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><body><p>NHS&nbsp;943 476 5919</p></body></html>',
      ),
    );
    expect(message.bodyText).toBe('NHS\u00a0943 476 5919');
  });

  test('quoted-printable with soft line breaks and a charset', () => {
    const message = parseEml(
      crlf(
        'From: a@b.org',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Andr=E9 is at 943 476 =',
        '5919.=20',
        'Next line',
      ),
    );
    expect(message.bodyText).toBe('André is at 943 476 5919. \nNext line');
  });

  test('base64 text with LF line endings', () => {
    const message = parseEml(
      [
        'From: a@b.org',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: BASE64',
        '',
        b64('Line one\r\nZoë'),
        '',
      ].join('\n'),
    );
    expect(message.bodyText).toBe('Line one\nZoë');
  });

  test('an attached email is listed under its subject', () => {
    const message = parseEml(
      crlf(
        'From: a@b.org',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'See below',
        '--b',
        'Content-Type: message/rfc822',
        '',
        'Subject: Original concern',
        'From: x@y.org',
        '',
        'Inner body',
        '--b--',
      ),
    );
    expect(message).toMatchObject({ bodyText: 'See below', attachmentNames: ['Original concern.eml'] });
  });

  test('no headers at all, or a multipart without its closing delimiter, is still read', () => {
    expect(parseEml('\r\nJust a body')).toMatchObject({ from: '', to: [], subject: '', bodyText: 'Just a body' });
    expect(parseEml(crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'Unclosed part')).bodyText).toBe(
      'Unclosed part',
    );
  });
});
