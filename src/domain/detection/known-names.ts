/**
 * Names of people on the sender's caseload. Only a full name counts (every word of the display
 * name, in order, as whole words, any case): a first name alone ("John") is in too many emails
 * about too many people to mean anything. "Smith, Jane" (surname first, as case systems list
 * people) counts too. Names of a single word cannot be matched safely and are skipped.
 *
 * The text is split into words once and each word looked up by its first-word key, so the cost
 * grows with the length of the email, not with the size of the caseload. Most words are turned
 * away by length and first letter before any string is made for them.
 */
import type { TextMatch } from './finding.js';

export interface KnownPerson {
  readonly personId: string;
  readonly displayName: string;
}

export interface NameMatcher {
  find(text: string): TextMatch[];
}

interface NameForm {
  readonly personId: string;
  /** Folded words after the first. */
  readonly rest: readonly string[];
  /** Per word: a single-letter initial, which must be a capital in the text ("A. Person", never "a person"). */
  readonly initials: readonly boolean[];
  /** "Smith, Jane": a comma after the first word. */
  readonly surnameFirst: boolean;
}

/**
 * Words of a text as parallel typed arrays: an object or a growing array per word costs more
 * than the whole scan (a 100 KB email has ~20,000 words). A text of n characters has at most
 * n/2 + 1 words, since words are separated.
 */
interface Words {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 when the word is all ASCII (then folding is lower-casing, and the quick filter applies). */
  readonly ascii: Uint8Array;
}

const GAP = /^\.?\s{1,4}$/; // "Jane Smith", "A. Person", a line break between the words
const SURNAME_GAP = /^,\s{1,4}$/;

export function createNameMatcher(people: readonly KnownPerson[]): NameMatcher {
  const byFirstWord = new Map<string, NameForm[]>();
  const quickKeys = new Set<number>(); // length and first character of every ASCII first word
  const add = (personId: string, words: string[], surnameFirst: boolean) => {
    const [first, ...rest] = words.map(fold);
    if (first === undefined || first === '') return;
    const forms = byFirstWord.get(first) ?? [];
    if (!forms.some((f) => f.personId === personId && f.surnameFirst === surnameFirst && f.rest.join(' ') === rest.join(' '))) {
      forms.push({ personId, rest, initials: words.map((w) => w.length === 1), surnameFirst });
    }
    byFirstWord.set(first, forms);
    if (isAscii(first)) quickKeys.add(quickKey(first.length, first.charCodeAt(0)));
  };
  for (const person of people) {
    const found = wordsOf(person.displayName);
    const words = Array.from({ length: found.count }, (_, i) => person.displayName.slice(found.starts[i], found.ends[i]));
    if (words.length < 2) continue;
    add(person.personId, words, false);
    add(person.personId, [words[words.length - 1] ?? '', ...words.slice(0, -1)], true);
  }

  return {
    find(text) {
      if (byFirstWord.size === 0) return [];
      const words = wordsOf(text);
      const folded: (string | undefined)[] = [];
      const foldedAt = (i: number): string | undefined => (i < words.count ? (folded[i] ??= fold(text.slice(words.starts[i], words.ends[i]))) : undefined);
      const found: TextMatch[] = [];
      for (let i = 0; i < words.count; i += 1) {
        const start = words.starts[i] ?? 0;
        const end = words.ends[i] ?? 0;
        if (words.ascii[i] === 1 && !quickKeys.has(quickKey(end - start, text.charCodeAt(start) | 0x20))) continue;
        for (const form of byFirstWord.get(foldedAt(i) ?? '') ?? []) {
          const last = matchesAt(text, words, foldedAt, i, form);
          if (last !== undefined) found.push({ kind: 'known-person', index: start, length: last - start, personId: form.personId });
        }
      }
      return found;
    },
  };
}

/** The end offset of `form` matched from word `i`, or undefined. */
function matchesAt(text: string, words: Words, foldedAt: (i: number) => string | undefined, i: number, form: NameForm): number | undefined {
  if (!initialOk(text, words, i, form.initials[0])) return undefined;
  for (let k = 0; k < form.rest.length; k += 1) {
    const next = i + k + 1;
    if (foldedAt(next) !== form.rest[k] || !initialOk(text, words, next, form.initials[k + 1])) return undefined;
    const gap = text.slice(words.ends[next - 1], words.starts[next]);
    if (!(form.surnameFirst && k === 0 ? SURNAME_GAP : GAP).test(gap)) return undefined;
  }
  const last = i + form.rest.length;
  return last < words.count ? words.ends[last] : undefined;
}

function initialOk(text: string, words: Words, i: number, isInitial: boolean | undefined): boolean {
  if (!isInitial) return true;
  const letter = text.slice(words.starts[i], words.ends[i]);
  return letter !== letter.toLowerCase();
}

function quickKey(length: number, lowerFirstCode: number): number {
  return length * 128 + lowerFirstCode;
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) > 127) return false;
  return true;
}

/** Case and accents do not matter ("ZOË" finds "Zoe"); curly and straight apostrophes are the same. */
function fold(word: string): string {
  const lower = word.toLowerCase();
  return isAscii(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '').replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');
}

const NON_ASCII_WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const ASCII_WORD_CHARACTER = new Uint8Array(128).map((_, c) => ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) ? 1 : 0));

/** A table for ASCII; the Unicode classes only for other characters (a hand loop is several times faster than matchAll). */
function isWordCharacter(text: string, at: number, c: number): boolean {
  return c < 128 ? ASCII_WORD_CHARACTER[c] === 1 : !Number.isNaN(c) && NON_ASCII_WORD_CHARACTER.test(text[at] ?? '');
}

function isJoiner(c: number): boolean {
  return c === 39 /* ' */ || c === 0x2019 || c === 45 /* - */ || c === 0x2010 || c === 0x2011;
}

/** Words: letters and digits, with an apostrophe or hyphen inside a word ("O'Neill", "Mary-Jane"). */
function wordsOf(text: string): Words {
  const n = text.length;
  const capacity = (n >> 1) + 1;
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  const ascii = new Uint8Array(capacity);
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordCharacter(text, i, c)) {
      i += 1;
      continue;
    }
    const start = i;
    let allAscii = 1;
    for (;;) {
      while (i < n) {
        c = text.charCodeAt(i);
        if (!isWordCharacter(text, i, c)) break;
        if (c > 127) allAscii = 0;
        i += 1;
      }
      // An apostrophe or hyphen followed by a word character continues the word.
      if (i + 1 < n && isJoiner(c) && isWordCharacter(text, i + 1, text.charCodeAt(i + 1))) {
        if (c > 127) allAscii = 0;
        i += 1;
      } else break;
    }
    starts[count] = start;
    ends[count] = i;
    ascii[count] = allAscii;
    count += 1;
  }
  return { count, starts, ends, ascii };
}
