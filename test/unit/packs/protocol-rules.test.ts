/**
 * The rules each organisation's pack must carry, each test naming the seed section it comes from.
 */
import type { ProtocolPack } from '../../../src/domain/protocol/pack-schema.js';
import { renderTemplate } from '../../../src/domain/templates/render-template.js';
import { loadPacks, type PackRegistry } from '../../../src/packs/pack-registry.js';

let packs: PackRegistry;
beforeAll(async () => {
  packs = await loadPacks();
});
const stage = (pack: ProtocolPack, n: number) => pack.escalation.stages.find((s) => s.number === n)!;

describe('Speak Out (000_a742bdcb99286710.txt)', () => {
  test('"Confidentiality and Information Sharing": explicit consent, and exactly 4 exceptions', () => {
    const pack = packs.get('speak-out');
    expect(pack.consent?.explicit).toBe(true);
    expect(pack.sharingExceptions.map((e) => e.category)).toEqual([
      'harm-to-self-or-others',
      'crime',
      'child-safeguarding',
      'adult-safeguarding',
    ]);
  });

  test('"Operational Delivery", "Conflict of Interest", "Incident Management": what goes to the line manager', () => {
    expect(
      packs
        .get('speak-out')
        .lineManagerReports.map((r) => r.kind)
        .sort(),
    ).toEqual(['complaint', 'conflict-of-interest', 'harassment', 'incident', 'multi-client-issue']);
  });

  test('"Disputes between Agencies": a meeting first, then senior referral or mediation, with no fixed deadlines', () => {
    const pack = packs.get('speak-out');
    expect(pack.escalation.stages.map((s) => s.name)).toEqual([
      'Meeting between the parties',
      'Senior referral or independent mediation',
    ]);
    expect(pack.escalation.stages.flatMap((s) => s.deadlines)).toEqual([]);
  });
});

describe('seAp (001_7952fd8ae7cb4c0c.txt)', () => {
  test('"Confidentiality and Information Sharing": 7 exceptions coded a–g, including security rules, undisclosed offences and terrorism', () => {
    const pack = packs.get('seap');
    expect(pack.sharingExceptions.map((e) => e.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(pack.sharingExceptions.map((e) => e.category)).toEqual(
      expect.arrayContaining(['security-rules', 'undisclosed-offence', 'terrorism']),
    );
  });

  test('"Service Complaints Against seAp": reported monthly to the Senior Management Team and quarterly to commissioners', () => {
    expect(packs.get('seap').board.reports.map((r) => [r.frequency, r.recipients])).toEqual([
      ['monthly', ['management-team']],
      ['quarterly', ['commissioner']],
    ]);
  });
});

describe('County Durham (002_32f0acef193210ff.txt)', () => {
  test('Escalation Policy: the Board is reached through its SAB or LSCB representative — no business manager, which the seed does not have', () => {
    const pack = packs.get('county-durham');
    expect(pack.roles.map((r) => r.label).filter((l) => /business manager/i.test(l))).toEqual([]);
    expect(pack.board.escalationRecordsTo).toEqual(['board-representative']);
  });

  test('HM Government guidance 3.42: three public-interest grounds, with the 3.43 capacitated-adult exception', () => {
    const test342 = packs.get('county-durham').publicInterestTest!;
    expect(test342.grounds.map((g) => g.code)).toEqual(['3.42(a)', '3.42(b)', '3.42(c)']);
    expect(test342.grounds.map((g) => g.citation.section)).toEqual(Array(3).fill('HM Government guidance 3.42'));
    expect(test342.capacitatedAdultException.wording).toMatch(/adult with capacity .* puts themselves at risk/);
    expect(test342.capacitatedAdultException.citation.section).toBe('HM Government guidance 3.43');
  });

  test('3.30: capacity presumed from 16; Golden Rule 8: record the decision and its reasons whether sharing or not', () => {
    const pack = packs.get('county-durham');
    expect(pack.consent?.capacityPresumed).toEqual({
      fromAge: 16,
      citation: { seed: '002_32f0acef193210ff.txt', section: 'HM Government guidance 3.30' },
    });
    expect(pack.recordKeeping.map((r) => r.citation.section)).toContain(
      'Eight Golden Rules for Information Sharing, rule 8',
    );
  });

  test('Escalation Policy: local resolution, then Senior Manager to Senior Manager, then the SAB/LSCB representative', () => {
    const pack = packs.get('county-durham');
    expect(pack.escalation.stages.map((s) => s.parties)).toEqual([
      ['practitioner', 'line-manager'],
      ['senior-manager'],
      ['board-representative'],
    ]);
    expect(stage(pack, 3).isBoard).toBe(true);
  });

  test('Appendix 1–3: the escalation letter renders with its fields and refuses without the required ones', () => {
    const letter = packs.get('county-durham').templates.find((t) => t.kind === 'escalation-letter')!;
    const out = renderTemplate(letter, {
      addressLine: 'Housing Trust, 1 High St',
      workingWith: 'Mr A (ref DUR-1)',
      senderName: 'Sam',
      senderTitle: 'Team Manager',
    });
    expect(out.body).toContain('in respect of working with Mr A (ref DUR-1)');
    expect(out.body).toContain(
      'Collaborative Working and Information Sharing Between Professionals to Protect Vulnerable Adults and Children 2016.',
    );
    expect(() => renderTemplate(letter, { addressLine: 'x' })).toThrow(/In respect of working with, Name, Title/);
  });
});

describe('Tameside (003_9f39807ed5a4a730.txt)', () => {
  test('section 3: stage 2 contact within 5 working days, stage 3 if unresolved within 10, stage 4 the Board via its Business Manager', () => {
    const pack = packs.get('tameside');
    expect(stage(pack, 2).deadlines.map((d) => [d.workingDays, d.onMissed])).toEqual([
      [5, 'remind'],
      [10, 'escalate'],
    ]);
    expect(stage(pack, 4)).toMatchObject({ isBoard: true, enterOnRiskEscalation: true });
    expect(stage(pack, 4).parties).toContain(pack.board.businessManagerRole);
    expect(pack.board.shortName).toBe('TASPB');
  });

  test('2.3.3: increasing risk within 48 hours, imminent risk the same working day', () => {
    const limits = Object.fromEntries(packs.get('tameside').riskResponses.map((r) => [r.level, r.limit]));
    expect(limits).toEqual({ increasing: { kind: 'within-hours', hours: 48 }, imminent: { kind: 'same-working-day' } });
  });

  test('2.3.8: themes reported to the Board; 2.3.2: a confirmation email template', () => {
    const pack = packs.get('tameside');
    expect(pack.board.reports.map((r) => [r.citation.section, r.frequency])).toEqual([['2.3.8', 'quarterly']]);
    expect(pack.board.reports[0]?.reading).toContain('regular updates');
    expect(pack.templates.find((t) => t.kind === 'confirmation-email')?.citation.section).toBe('2.3.2');
  });
});

describe('Stockport (004_0dc7e94071fd648b.txt)', () => {
  test('Stage Three: no longer than 10 working days; Stage 4 the head of service, then the LSAB Chair through the Business Manager', () => {
    const pack = packs.get('stockport');
    expect(stage(pack, 3).deadlines).toEqual([expect.objectContaining({ workingDays: 10, onMissed: 'escalate' })]);
    expect(stage(pack, 4)).toMatchObject({ parties: ['head-of-service'], ownedByRoleHolders: true, isBoard: false });
    expect(stage(pack, 5)).toMatchObject({ parties: ['lsab-business-manager', 'lsab-chair'], isBoard: true });
    expect(pack.escalation.stages).toHaveLength(5);
  });

  test("section 3 and Appendix One: the adult's view is asked before escalating; section 1: eight kinds of disagreement", () => {
    const pack = packs.get('stockport');
    expect(pack.escalation.beforeEscalating.askAdultView).toBe(true);
    expect(pack.escalation.disagreementNatures).toHaveLength(8);
  });

  test('section 1: concerns communicated the same working day; section 5: escalation notices to the LSAB Business Manager, quarterly themes', () => {
    const pack = packs.get('stockport');
    expect(pack.riskResponses.map((r) => r.limit)).toEqual([{ kind: 'same-working-day' }]);
    expect(pack.board.escalationRecordsTo).toEqual(['lsab-business-manager']);
    expect(pack.board.reports.map((r) => [r.frequency, r.recipients])).toEqual([
      ['quarterly', ['lsab-business-manager']],
    ]);
  });

  test('Appendix Two: the Record of Escalation has every row of the template', () => {
    const pack = packs.get('stockport');
    const record = pack.templates.find((t) => t.id === pack.escalation.recordTemplateId)!;
    expect(record.fields.map((f) => f.id)).toEqual([
      'nameOfPerson',
      'dateOfBirth',
      'stage1EscalatedBy',
      'stage1To',
      'stage2EscalatedBy',
      'stage2To',
      'stage3EscalatedBy',
      'stage3To',
      'dateCommenced',
      'dateCompleted',
      'resolutionDetails',
      'outstandingConcerns',
    ]);
  });
});

test('all five organisations are English: England and Wales bank holidays apply', () => {
  expect(new Set(packs.all().map((p) => p.nation))).toEqual(new Set(['england-and-wales']));
});
