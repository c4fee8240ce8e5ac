/**
 * NHS numbers: ten digits whose last is a modulus-11 check digit, usually written 3-3-4
 * ("943 476 5919"), sometimes with hyphens or unbroken. The check digit is what separates an
 * NHS number from the many other ten-digit numbers in an email; the neighbourhood checks below
 * turn away phone numbers and longer numbers that merely contain ten valid digits.
 */
import { GROUP_DASH, GROUP_SPACE, isDigitAt } from './characters.js';
import type { Span } from './finding.js';

/** True when `value` (ten digits; spaces and hyphens ignored) carries a valid modulus-11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s\-\u2010-\u2013]/g, '');
  return /^\d{10}$/.test(digits) && hasValidCheckDigit(digits);
}

/** `digits`: exactly ten characters 0-9. */
function hasValidCheckDigit(digits: string): boolean {
  const first = digits.charCodeAt(0);
  let sum = 0;
  let allSame = true;
  for (let i = 0; i < 9; i += 1) {
    const d = digits.charCodeAt(i);
    sum += (d - 48) * (10 - i);
    allSame &&= d === first;
  }
  // 0000000000 and 1111111111 pass the arithmetic; no real number is one digit repeated.
  if (allSame && digits.charCodeAt(9) === first) return false;
  const check = 11 - (sum % 11);
  if (check === 10) return false; // no NHS number is issued with this check value
  return (check === 11 ? 0 : check) === digits.charCodeAt(9) - 48;
}

// One separator, used twice (the backreference): "943 476 5919", "943-476-5919" or "9434765919".
// Fixed-width groups: at most 14 characters are examined from any start, so the scan is linear;
// the digit lookarounds let the engine itself pass over long digit runs.
const CANDIDATE = new RegExp(`(?<![0-9])\\d{3}(${GROUP_SPACE}|${GROUP_DASH})?\\d{3}\\1\\d{4}(?![0-9])`, 'g');

// A number straight after an international prefix or "(0)" is a phone number: "+44 207 946 0958".
const INTERNATIONAL_PREFIX = /(?:\+|(?<![0-9])00)\d{1,3}[ \u00a0\-.]*(?:\(0\)[ \u00a0\-.]*)?$|\(0\)[ \u00a0\-.]*$/;
// ... and so is one labelled as such: "Tel: 0169773456", "mobile no. 7700900123".
const PHONE_LABEL =
  /(?<![A-Za-z])(?:tel|telephone|phone|mobile|mob|fax|landline|sms|whatsapp)\.?(?:[ \u00a0]*(?:no|number|num)\.?)?[ \u00a0]*[:\-\u2013]?[ \u00a0]*$/i;

export function findNhsNumbers(text: string): Span[] {
  const found: Span[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isNhsNumberAt(text, start, end, m[1])) {
      found.push({ index: start, length: end - start });
    } else {
      CANDIDATE.lastIndex = start + 1; // a refused candidate may hide one that starts inside it
    }
  }
  return found;
}

function isNhsNumberAt(text: string, start: number, end: number, separator: string | undefined): boolean {
  // Part of a longer run of digits: "01234567890", "20240101123456" (also excluded by the pattern).
  if (isDigitAt(text, start - 1) || isDigitAt(text, end)) return false;
  // A decimal or a number with thousands separators: "3.1415926535", "1,943,476,5919".
  if (isNumberPunctuation(text.charCodeAt(start - 1)) && isDigitAt(text, start - 2)) return false;
  if (isNumberPunctuation(text.charCodeAt(end)) && isDigitAt(text, end + 1)) return false;
  // A longer grouped number with the same separator: a card or account number "4921 943 476 5919".
  if (separator !== undefined && text[start - 1] === separator && isDigitAt(text, start - 2)) return false;
  if (separator !== undefined && text[end] === separator && isDigitAt(text, end + 1)) return false;
  const digits = separator === undefined ? text.slice(start, end) : text.slice(start, end).split(separator).join('');
  if (!hasValidCheckDigit(digits)) return false;
  const before = text.slice(Math.max(0, start - 32), start);
  return !INTERNATIONAL_PREFIX.test(before) && !PHONE_LABEL.test(before);
}

function isNumberPunctuation(code: number): boolean {
  return code === 46 /* . */ || code === 44; /* , */
}
