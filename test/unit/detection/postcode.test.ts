import { findPostcodes, normalisePostcode } from '../../../src/domain/detection/postcode.js';

const found = (text: string, ignore?: string[]) =>
  findPostcodes(text, { ignore }).map((s) => text.slice(s.index, s.index + s.length));

describe('UK postcodes', () => {
  test('every standard format, and GIR 0AA', () => {
    const codes = ['M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'SW1A 2AA', 'SK1 3XE', 'GIR 0AA'];
    for (const code of codes) expect(found(`Address: 1 High Street, ${code}.`)).toEqual([code]);
  });

  test('unspaced upper case, and lower case with the space', () => {
    expect(found('EC1A1BB and sk1 3xe')).toEqual(['EC1A1BB', 'sk1 3xe']);
    expect(found('password ab12cd or sk13xe')).toEqual([]);
  });

  test('letters a postcode never has are refused', () => {
    expect(found('QA1 1AA, VA1 1AA, XA1 1AA')).toEqual([]); // Q, V, X never first
    expect(found('AI1 1AA, AJ1 1AA, AZ1 1AA')).toEqual([]); // I, J, Z never second
    expect(found('M1 1CA, M1 1AI, M1 1AK')).toEqual([]); // C, I, K, M, O, V never in the inward code
  });

  test('whole words only', () => {
    expect(found('XSW1A 1AA, SW1A 1AAB, M25 motorway, A4 paper')).toEqual([]);
  });

  test("the organisation's own postcodes can be ignored however they are written", () => {
    expect(found('Stockport SK1 3XE; client at M1 1AE', ['sk13xe'])).toEqual(['M1 1AE']);
    expect(normalisePostcode(' sw1a1aa ')).toBe('SW1A 1AA');
  });

  test('positions', () => {
    expect(findPostcodes('at M1 1AE')).toEqual([{ index: 3, length: 6 }]);
  });
});
