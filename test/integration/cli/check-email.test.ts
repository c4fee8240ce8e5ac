/**
 * `safeguard check-email` as an administrator runs it: a real process through bin/safeguard.js,
 * on the .eml files in test/fixtures/eml. Positions in the verdict are checked against the text
 * the parser reads, so the JSON is shown to point at the right places without containing them.
 */
import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, SharingVerdict } from '../../../src/domain/detection/index.js';
import { parseEml } from '../../../src/mail/parse-eml.js';
import { safeguard } from '../../helpers/run-safeguard.js';

// Each command is a real process opening an embedded database (initdb on first use): slow on a busy machine.
jest.setTimeout(180_000);

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'eml');

async function check(fixture: string, ...flags: string[]): Promise<SharingVerdict> {
  const out = await safeguard(['check-email', join(FIXTURES, fixture), ...flags]);
  expect(out).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(out.stdout) as SharingVerdict;
}

/** What each finding points at, read back from the fixture with the same parser. */
async function pointedAt(fixture: string, findings: Finding[]): Promise<[string, string][]> {
  const message = parseEml(await readFile(join(FIXTURES, fixture)));
  return findings.map((f) => {
    const text =
      f.where === 'subject'
        ? message.subject
        : f.where === 'body'
          ? message.bodyText
          : (message.attachmentNames[f.attachmentIndex ?? -1] ?? '');
    return [f.kind, text.slice(f.index, f.index + f.length)];
  });
}

describe('safeguard check-email', () => {
  test('plain text to the police: identifiers found, phone and order numbers not, a decision is required', async () => {
    const verdict = await check('plain.eml', '--case-ref-pattern', '^STK-\\d{6}$');
    expect(verdict.decisionRequired).toBe(true);
    expect(verdict.externalRecipients).toEqual(['p.jones@gmp.police.uk']); // duty@ and records@mail. are the sender's own domain
    expect(await pointedAt('plain.eml', verdict.findings)).toEqual([
      ['nhs-number', '943 476 5919'],
      ['date-of-birth', '01/02/1960'],
      ['postcode', 'SK1 3XE'],
      ['case-reference', 'STK-004211'],
    ]);
    expect(verdict.reasons[0]).toBe('1 recipient is outside the organisation: gmp.police.uk.');
    expect(verdict.reasons.at(-1)).toMatch(/^Record a sharing decision before sending/);
    expect(verdict.reasons.join(' ')).not.toMatch(/Tameside|Durham|Golden Rule/); // no other protocol's citation
    // Positions, never the text.
    expect(JSON.stringify(verdict)).not.toMatch(/943|1960|SK1|STK-/);
  });

  test('without a case-reference pattern, the reference is not a finding', async () => {
    const verdict = await check('plain.eml');
    expect(verdict.findings.map((f) => f.kind)).toEqual(['nhs-number', 'date-of-birth', 'postcode']);
  });

  test('multipart: the plain-text part is read (not the HTML), and attachment names are scanned', async () => {
    const verdict = await check('multipart-html-attachment.eml');
    expect(verdict.decisionRequired).toBe(true);
    expect(verdict.externalRecipients).toEqual(['housing@stockporthomes.org']);
    expect(verdict.findings).toEqual([
      { kind: 'national-insurance-number', where: 'body', index: 44, length: 13 },
      { kind: 'attachment-name', where: 'attachment', attachmentIndex: 0, index: 0, length: 12 },
      { kind: 'attachment-name', where: 'attachment', attachmentIndex: 0, index: 13, length: 8 },
      { kind: 'nhs-number', where: 'attachment', attachmentIndex: 0, index: 22, length: 12 },
    ]);
    expect(await pointedAt('multipart-html-attachment.eml', verdict.findings)).toEqual([
      ['national-insurance-number', 'AB 12 34 56 C'],
      ['attachment-name', 'Safeguarding'],
      ['attachment-name', 'referral'],
      ['nhs-number', '485-777-3457'],
    ]);
    const message = parseEml(await readFile(join(FIXTURES, 'multipart-html-attachment.eml')));
    expect(message.subject).toBe('Housing referral – urgent');
    expect(message.attachmentNames).toEqual(['Safeguarding referral 485-777-3457.pdf', 'Meeting notes – Jörg.docx']);
  });

  test('--domains makes the housing provider part of the organisation: no decision needed', async () => {
    const verdict = await check('multipart-html-attachment.eml', '--domains', 'stockport.gov.uk,StockportHomes.org');
    expect(verdict).toMatchObject({ decisionRequired: false, externalRecipients: [] });
    expect(verdict.findings).toHaveLength(4);
  });

  test('quoted-printable to a colleague on a subdomain: findings, but nobody external', async () => {
    const verdict = await check('quoted-printable.eml');
    expect(verdict).toMatchObject({ decisionRequired: false, externalRecipients: [] });
    expect(await pointedAt('quoted-printable.eml', verdict.findings)).toEqual([
      ['postcode', 'M1 1AE'],
      ['nhs-number', '450 557 7104'], // joined across the soft line break
      ['date-of-birth', '12\u00a0March 1948'],
    ]);
    expect(verdict.reasons[0]).toBe('Every recipient is within the organisation (stockport.gov.uk).');
  });

  test('base64 HTML with an encoded subject, sent Bcc to an advocacy service', async () => {
    const verdict = await check('base64.eml');
    expect(verdict).toMatchObject({ decisionRequired: true, externalRecipients: ['advocate@speakout.example.org'] });
    expect(await pointedAt('base64.eml', verdict.findings)).toEqual([
      ['national-insurance-number', 'AB123456C'],
      ['date-of-birth', '3rd March 1950'],
      ['nhs-number', '612\u00a0345\u00a06784'],
    ]);
  });

  test('--pack takes the case-reference pattern from a pack; the flag wins over it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'packs-'));
    try {
      const tameside = JSON.parse(
        await readFile(join(process.cwd(), 'src/domain/protocol/packs/tameside.json'), 'utf8'),
      );
      await writeFile(
        join(dir, 'stockport-test.json'),
        JSON.stringify({
          ...tameside,
          id: 'stockport-test',
          caseReference: { pattern: '^STK-\\d{6}$', example: 'STK-000001' },
        }),
      );
      const env = { SAFEGUARD_PACKS_DIR: dir };
      const plain = join(FIXTURES, 'plain.eml');
      const [fromPack, overridden, bundled, unknown] = await Promise.all([
        safeguard(['check-email', plain, '--pack', 'stockport-test'], env),
        safeguard(['check-email', plain, '--pack', 'stockport-test', '--case-ref-pattern', 'DUR-\\d+'], env),
        safeguard(['check-email', plain, '--pack', 'tameside']), // a bundled pack without a pattern is fine
        safeguard(['check-email', plain, '--pack', 'nowhere']),
      ]);
      expect(fromPack.code).toBe(0);
      expect((JSON.parse(fromPack.stdout) as SharingVerdict).findings.map((f) => f.kind)).toContain('case-reference');
      expect((JSON.parse(overridden.stdout) as SharingVerdict).findings.map((f) => f.kind)).not.toContain(
        'case-reference',
      );
      expect(bundled.code).toBe(0);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/nowhere/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing or unreadable file is a clear error with exit code 2', async () => {
    const [missing, folder] = await Promise.all([
      safeguard(['check-email', join(FIXTURES, 'no-such.eml')]),
      safeguard(['check-email', FIXTURES]),
    ]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/safeguard: cannot read ".*no-such\.eml": no such file/);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/it is a folder/);
  });

  test('command-line mistakes exit 2 with the usage or the reason', async () => {
    const plain = join(FIXTURES, 'plain.eml');
    const [none, badPattern, slowPattern, noDomains] = await Promise.all([
      safeguard(['check-email']),
      safeguard(['check-email', plain, '--case-ref-pattern', 'STK-(\\d+']),
      safeguard(['check-email', plain, '--case-ref-pattern=(\\d+)+']),
      safeguard(['check-email', plain, '--domains', ' , ']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/safeguard check-email FILE\.eml/);
    expect(badPattern.code).toBe(2);
    expect(badPattern.stderr).toMatch(/--case-ref-pattern: .*not a valid regular expression/);
    expect(slowPattern.code).toBe(2);
    expect(slowPattern.stderr).toMatch(/exponential/);
    expect(noDomains.code).toBe(2);
    expect(noDomains.stderr).toMatch(/--domains must name at least one domain/);
  });
});
