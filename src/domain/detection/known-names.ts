/**
 * Names of people on the sender's caseload. Only a full name counts (every word of the display
 * name, in order, as whole words, any case): a first name alone ("John") is in too many emails
 * about too many people to mean anything. "Smith, Jane" (surname first, as case systems list
 * people) counts too. Names of a single word cannot be matched safely and are skipped.
 *
 * The text is split into words once and the names are followed word by word in a trie, so the
 * cost grows with the length of the email, not with the size of the caseload (2,000 people called
 * John cost what one does). Most words are turned away by length and first letter before any
 * string is made for them.
 */
import type { TextMatch } from './finding.js';

export interface KnownPerson {
  readonly personId: string;
  readonly displayName: string;
}

export interface NameMatcher {
  /** Every match, one per person (two people with one name: two matches at one place). */
  find(text: string): TextMatch[];
  /** Every place a name is found, with the ids of the people of that name, without a match object per person. */
  scan(text: string, hit: NameHit): void;
}

/**
 * The caseload's names as a trie of folded words, one for names in order ("Jane Smith") and one
 * for surname first ("Smith, Jane"). Matching from a word of the text walks at most as many
 * nodes as the longest name has words, however many people share a first name or a whole name.
 */
interface NameNode {
  readonly next: Map<string, NameNode>;
  /** People whose name ends at this node, in caseload order, each once. */
  readonly people: string[];
  readonly listed: Set<string>;
  /** Insertion order of the first person, so names ending at one text word come out as the caseload lists them. */
  order: number;
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

/** Called once per place a name starts and ends: the ids of everyone with that name (do not keep the array). */
export type NameHit = (index: number, length: number, personIds: readonly string[]) => void;

const GAP = /^\.?\s{1,4}$/; // "Jane Smith", "A. Person", a line break between the words
const SURNAME_GAP = /^,\s{1,4}$/;
const LONGEST_GAP = 5;

const newNode = (): NameNode => ({ next: new Map(), people: [], listed: new Set(), order: -1 });

export function createNameMatcher(people: readonly KnownPerson[]): NameMatcher {
  const inOrder = newNode();
  const surnameFirst = newNode();
  const quickKeys = new Set<number>(); // length and first character of every ASCII first word
  let order = 0;
  const add = (root: NameNode, personId: string, words: string[]) => {
    let node = root;
    for (const word of words.map(fold)) {
      if (word === '') return;
      let child = node.next.get(word);
      if (child === undefined) node.next.set(word, (child = newNode()));
      node = child;
    }
    if (node.listed.has(personId)) return; // the same person listed twice: one finding
    if (node.people.length === 0) node.order = order;
    node.people.push(personId);
    node.listed.add(personId);
    order += 1;
  };
  for (const person of people) {
    const found = wordsOf(person.displayName);
    const words = Array.from({ length: found.count }, (_, i) =>
      person.displayName.slice(found.starts[i], found.ends[i]),
    );
    if (words.length < 2) continue;
    add(inOrder, person.personId, words);
    add(surnameFirst, person.personId, [words[words.length - 1] ?? '', ...words.slice(0, -1)]);
  }
  for (const root of [inOrder, surnameFirst])
    for (const first of root.next.keys())
      if (isAscii(first)) quickKeys.add(quickKey(first.length, first.charCodeAt(0)));
  const empty = inOrder.next.size === 0;

  const scan = (text: string, hit: NameHit): void => {
    if (empty) return;
    const words = wordsOf(text);
    const folded: (string | undefined)[] = new Array<string | undefined>(words.count);
    const foldedAt = (i: number): string => (folded[i] ??= fold(text.slice(words.starts[i], words.ends[i])));
    const ends: NameNode[] = [];
    const lengths: number[] = [];
    for (let i = 0; i < words.count; i += 1) {
      const start = words.starts[i] ?? 0;
      const end = words.ends[i] ?? 0;
      if (words.ascii[i] === 1 && !quickKeys.has(quickKey(end - start, text.charCodeAt(start) | 0x20))) continue;
      ends.length = 0;
      lengths.length = 0;
      walk(text, words, foldedAt, i, inOrder, false, ends, lengths);
      walk(text, words, foldedAt, i, surnameFirst, true, ends, lengths);
      if (ends.length === 1) hit(start, lengths[0] ?? 0, ends[0]?.people ?? []);
      else if (ends.length > 1) {
        // Several names start here ("Sam Lee" and "Sam Lee Jones"): in caseload order.
        const byOrder = ends
          .map((node, k) => ({ node, length: lengths[k] ?? 0 }))
          .sort((a, b) => a.node.order - b.node.order);
        for (const { node, length } of byOrder) hit(start, length, node.people);
      }
    }
  };

  return {
    scan,
    find(text) {
      const found: TextMatch[] = [];
      scan(text, (index, length, ids) => {
        for (const personId of ids) found.push({ kind: 'known-person', index, length, personId });
      });
      return found;
    },
  };
}

/** Follows the trie from word `i`; every node reached that ends a name is added to `ends`, with the match length. */
function walk(
  text: string,
  words: Words,
  foldedAt: (i: number) => string,
  i: number,
  root: NameNode,
  surnameFirst: boolean,
  ends: NameNode[],
  lengths: number[],
): void {
  let node = root.next.get(foldedAt(i));
  if (node === undefined || !initialOk(text, words, i, foldedAt(i))) return;
  const start = words.starts[i] ?? 0;
  for (let k = i + 1; k < words.count && node.next.size > 0; k += 1) {
    const gapStart = words.ends[k - 1] ?? 0;
    const gapEnd = words.starts[k] ?? 0;
    if (
      gapEnd - gapStart > LONGEST_GAP ||
      !(surnameFirst && k === i + 1 ? SURNAME_GAP : GAP).test(text.slice(gapStart, gapEnd))
    )
      return;
    const word = foldedAt(k);
    node = node.next.get(word);
    if (node === undefined || !initialOk(text, words, k, word)) return;
    if (node.people.length > 0) {
      ends.push(node);
      lengths.push((words.ends[k] ?? 0) - start);
    }
  }
}

/** A one-letter word of a name is an initial, which must be a capital in the text ("A. Person", never "a person"). */
function initialOk(text: string, words: Words, i: number, folded: string): boolean {
  if (folded.length !== 1) return true;
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
  return isAscii(lower)
    ? lower
    : lower
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/\u2019/g, "'")
        .replace(/[\u2010\u2011]/g, '-');
}

const NON_ASCII_WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const ASCII_WORD_CHARACTER = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) ? 1 : 0,
);

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
