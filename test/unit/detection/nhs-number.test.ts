import { findNhsNumbers, isValidNhsNumber } from '../../../src/domain/detection/nhs-number.js';

/** The NHS modulus-11 check digit, computed independently of the code under test (undefined: no valid number). */
function checkDigit(nine: string): number | undefined {
  const sum = [...nine].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? undefined : check === 11 ? 0 : check;
}

function withCheckDigit(nine: string): string {
  const check = checkDigit(nine);
  if (check === undefined) throw new Error(`${nine} has no valid check digit`);
  return `${nine}${check}`;
}

const found = (text: string) => findNhsNumbers(text).map((s) => text.slice(s.index, s.index + s.length));

describe('NHS number check digit (modulus 11, weights 10..2)', () => {
  test('943 476 5919 and numbers built with the algorithm are valid', () => {
    expect(checkDigit('943476591')).toBe(9);
    for (const nine of ['943476591', '401023213', '485777345', '450557710', '612345678', '700000000']) {
      expect(isValidNhsNumber(withCheckDigit(nine))).toBe(true);
    }
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
  });

  test('a check value of 11 means check digit 0', () => {
    // The first stem from 400000000 whose weighted sum is a multiple of 11.
    let stem = 400_000_000;
    while (checkDigit(String(stem)) !== 0) stem += 1;
    expect(isValidNhsNumber(`${stem}0`)).toBe(true);
    expect(isValidNhsNumber(`${stem}1`)).toBe(false);
  });

  test('a check value of 10 is never valid, whatever the last digit', () => {
    expect(checkDigit('123456789')).toBeUndefined();
    for (let last = 0; last <= 9; last += 1) expect(isValidNhsNumber(`123456789${last}`)).toBe(false);
  });

  test('a wrong check digit, the wrong length, letters and repeated digits are refused', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659l9')).toBe(false);
    expect(isValidNhsNumber('0000000000')).toBe(false); // passes the arithmetic
    expect(isValidNhsNumber('1111111111')).toBe(false); // passes the arithmetic
  });
});

describe('finding NHS numbers in text', () => {
  test('written 3-3-4 with spaces, hyphens or unbroken, and with a non-breaking space', () => {
    const text = 'NHS 943 476 5919; also 401-023-2137 and 4857773457, and 450\u00a0557\u00a07104.';
    expect(found(text)).toEqual(['943 476 5919', '401-023-2137', '4857773457', '450\u00a0557\u00a07104']);
  });

  test('positions point at the number', () => {
    expect(findNhsNumbers('NHS no: 943 476 5919.')).toEqual([{ index: 8, length: 12 }]);
  });

  test('mixed separators or other groupings are not the 3-3-4 form', () => {
    expect(found('943-476 5919, 9434 765 919, 94 3476 5919')).toEqual([]);
  });

  test('numbers inside longer runs of digits are refused', () => {
    expect(found('99434765919')).toEqual([]);
    expect(found('94347659190')).toEqual([]);
    expect(found('20249434765919123')).toEqual([]);
    expect(found('card 4921 943 476 5919')).toEqual([]);
    expect(found('943 476 5919 12')).toEqual([]);
    expect(found('pi is 3.9434765919')).toEqual([]);
    expect(found('1,943,476,5919')).toEqual([]);
  });

  test('phone numbers are refused', () => {
    const phones = [
      '020 7946 0958',
      '07700 900123',
      '0161 496 0000',
      '+44 20 7946 0958',
      '+44 7700 900123',
      '0800 123 4567',
      '(0161) 496 0000',
    ];
    for (const phone of phones) expect(found(`Call ${phone} today`)).toEqual([]);
    // Ten digits that happen to pass the check are still refused after an international prefix, "(0)" or a phone label.
    for (const text of [
      '+44 943 476 5919',
      '+44 (0) 943 476 5919',
      '0044 9434765919',
      'Tel: 9434765919',
      'Mobile no. 943 476 5919',
      'fax 943-476-5919',
    ]) {
      expect(found(text)).toEqual([]);
    }
  });

  test('order and invoice numbers that fail the check digit are refused', () => {
    expect(found('Order 1234567890 has shipped')).toEqual([]);
    expect(found('Invoice INV-1234567891, PO 5555512345')).toEqual([]);
  });

  test('times, dates and sort codes are not ten digits', () => {
    expect(found('at 10:30, on 2024-01-01, sort code 20-00-00 account 12345678')).toEqual([]);
  });

  test('a long run of digits holds no NHS number (it is not ten digits on its own)', () => {
    expect(findNhsNumbers('9'.repeat(100_000))).toEqual([]);
  });
});
