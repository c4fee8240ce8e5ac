/**
 * The regular expressions an administrator may give as a case-reference pattern: a subset that
 * JavaScript's backtracking engine runs in time linear in the email, whatever the email holds.
 *
 * Why a subset: a backtracking engine tries every way a pattern can match. `(\d+)+`,
 * `([A-Z]|[A-Z]{2})+` or `(a|a)*` can match one text in exponentially many ways, `\d*\d*\d*`
 * in polynomially many, and an unlucky email then holds the check for seconds or hours. A guess
 * at "dangerous shapes" misses some (security review 2026-12, L3), so instead the pattern is
 * parsed and accepted only when, at every point, the next character decides the way on:
 *
 * - literals, escapes, classes (`[A-Z]`, `\d`, `\w`, `\s`, `.`), groups, alternation, `\b`, and
 *   the quantifiers `? * + {n} {n,} {n,m}` (lazy or not);
 * - no two branches, and no repetition and what may follow it, can take the same character
 *   (`(DUR|DURHAM)` is refused; `DUR(HAM)?` is the same reference, written so);
 * - nothing repeated can match empty text, and no repetition is repeated directly (`(\d+)+`);
 *   a repeated group that starts with its own delimiter (`(/\d+)*`) is fine.
 *
 * Such a pattern is "one-unambiguous": reading the text from left to right there is never more
 * than one way to go, so each attempt costs at most the length it reads. Each unbounded
 * quantifier is then capped (`\d+` → `\d{1,33}`) so that no attempt reads far: a reference is
 * short, and without the cap every start position could read to the end of the email.
 */

/** How many more times than its minimum an unbounded quantifier may repeat when scanning. */
export const UNBOUNDED_REPEAT_LIMIT = 32;
/** More characters than this in one reference (counting bounded repetitions in full) is refused. */
const MAX_POSITIONS = 1000;

/** The pattern with unbounded repetition capped, as a regular-expression source (no flags), or why it was refused. */
export type SafePatternResult =
  | { readonly ok: true; readonly source: string; readonly nullable: boolean }
  | { readonly ok: false; readonly why: string };

// -------------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, inclusive ranges of UTF-16 code units (no `u` flag).

type CharSet = readonly (readonly [number, number])[];

function setOf(...ranges: (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] ?? [0, -1];
    const [blo, bhi] = b[j] ?? [0, -1];
    if (alo <= bhi && blo <= ahi) return true;
    if (ahi < bhi) i += 1;
    else j += 1;
  }
  return false;
}

const c = (ch: string): number => ch.charCodeAt(0);
const DIGIT = setOf([c('0'), c('9')]);
const WORD = setOf([c('0'), c('9')], [c('A'), c('Z')], [c('_'), c('_')], [c('a'), c('z')]);
// What \s matches in JavaScript.
const SPACE = setOf(
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
);
const LINE_TERMINATORS = setOf([10, 10], [13, 13], [0x2028, 0x2029]);
const CLASS_ESCAPES: Readonly<Record<string, CharSet>> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

// -------------------------------------------------------------------------------------------------
// The parsed pattern.

type Node =
  | { readonly type: 'chars'; readonly set: CharSet; readonly source: string; readonly at: number }
  | { readonly type: 'assert'; readonly source: string } // \b, \B: no character taken
  | { readonly type: 'seq'; readonly items: readonly Node[] }
  | { readonly type: 'alt'; readonly branches: readonly Node[] }
  | { readonly type: 'group'; readonly body: Node }
  | {
      readonly type: 'repeat';
      readonly body: Node;
      readonly min: number;
      readonly max: number;
      readonly lazy: boolean;
      readonly source: string;
    };

class Refused extends Error {}

/**
 * Parses `pattern` (already known to compile as a JavaScript regular expression without flags)
 * and checks it as described above. `offset` is where it starts in what the administrator wrote,
 * so messages count characters as they do.
 */
export function checkSafePattern(pattern: string, offset = 0): SafePatternResult {
  try {
    const tree = new Parser(pattern, offset).parse();
    if (sizeOf(tree) > MAX_POSITIONS)
      throw new Refused(`it allows more than ${MAX_POSITIONS} characters in one reference; a case reference is short`);
    const { nullable } = new Analyser().check(tree);
    return { ok: true, source: emit(tree), nullable };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, why: error.message };
    throw error;
  }
}

class Parser {
  private at = 0;

  /** `offset`: where `text` starts in the pattern as written (after a leading "^"), for messages. */
  constructor(
    private readonly text: string,
    private readonly offset: number,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.text.length)
      throw new Refused(`it has an unmatched ")" at character ${this.offset + this.at + 1}`);
    return node;
  }

  private peek(offset = 0): string {
    return this.text[this.at + offset] ?? '';
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.at += 1;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] as Node) : { type: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.text.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.term());
    return items.length === 1 ? (items[0] as Node) : { type: 'seq', items };
  }

  private term(): Node {
    const start = this.at;
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (!quantifier) return atom;
    if (atom.type === 'assert') throw new Refused(`it repeats ${atom.source}, which takes no character`);
    return { type: 'repeat', body: atom, ...quantifier, source: this.text.slice(start, this.at) };
  }

  private quantifier(): { min: number; max: number; lazy: boolean } | undefined {
    const ch = this.peek();
    let min: number;
    let max: number;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.at += 1;
      [min, max] = ch === '*' ? [0, Infinity] : ch === '+' ? [1, Infinity] : [0, 1];
    } else if (ch === '{') {
      const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(this.text.slice(this.at, this.at + 16));
      if (!m)
        throw new Refused(
          `it has a "{" at character ${this.offset + this.at + 1} that is not a repetition such as {2,4}; write \\{ for the character`,
        );
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return undefined;
    const lazy = this.peek() === '?';
    if (lazy) this.at += 1;
    return { min, max, lazy };
  }

  private atom(): Node {
    const start = this.at;
    const ch = this.peek();
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '.') {
      this.at += 1;
      return { type: 'chars', set: complement(LINE_TERMINATORS), source: '.', at: this.offset + start };
    }
    if (ch === '\\') return this.escape();
    if (ch === '^' || ch === '$')
      throw new Refused(
        `"${ch}" may only be the first or last character (an anchor), not at character ${this.offset + start + 1}`,
      );
    if (ch === ']' || ch === '}' || ch === '{')
      throw new Refused(
        `it has a lone "${ch}" at character ${this.offset + start + 1}; write \\${ch} for the character`,
      );
    this.at += 1;
    return {
      type: 'chars',
      set: setOf([c(ch), c(ch)]),
      source: this.text.slice(start, this.at),
      at: this.offset + start,
    };
  }

  private group(): Node {
    const start = this.at;
    this.at += 1;
    if (this.peek() === '?') {
      const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.text.slice(this.at, this.at + 40));
      if (this.peek(1) === ':') this.at += 2;
      else if (named) this.at += named[0].length;
      else
        throw new Refused(
          `it uses a look-ahead or look-behind at character ${this.offset + start + 1}, which is not supported in a case reference`,
        );
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new Refused(`the group at character ${this.offset + start + 1} is not closed`);
    this.at += 1;
    return { type: 'group', body };
  }

  /** An escape outside a class. */
  private escape(): Node {
    const start = this.at;
    const next = this.peek(1);
    if (next === 'b' || next === 'B') {
      this.at += 2;
      return { type: 'assert', source: `\\${next}` };
    }
    const set = this.escapedSet(false);
    return { type: 'chars', set, source: this.text.slice(start, this.at), at: this.offset + start };
  }

  /** `\d`, `\-`, `\x41`… at `this.at` (a backslash): the characters it stands for. */
  private escapedSet(inClass: boolean): CharSet {
    const start = this.at;
    const next = this.peek(1);
    this.at += 2;
    const classEscape = CLASS_ESCAPES[next];
    if (classEscape) return classEscape;
    const control = CONTROL_ESCAPES[next];
    if (control !== undefined) return setOf([control, control]);
    if (inClass && next === 'b') return setOf([8, 8]); // backspace, inside a class
    if (next === '0' && !/[0-9]/.test(this.peek())) return setOf([0, 0]);
    if (next === 'x' || next === 'u') {
      const digits = next === 'x' ? 2 : 4;
      const hex = this.text.slice(this.at, this.at + digits);
      if (new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) {
        this.at += digits;
        const code = parseInt(hex, 16);
        return setOf([code, code]);
      }
    }
    if (/[1-9]/.test(next))
      throw new Refused(
        `it uses a back-reference (\\${next}) at character ${this.offset + start + 1}, which is not supported in a case reference`,
      );
    if (/[A-Za-z0-9]/.test(next) || next === '')
      throw new Refused(
        `"\\${next}" at character ${this.offset + start + 1} is not an escape a case reference may use (\\d, \\w, \\s, \\b, \\t, \\n, \\xHH, \\uHHHH, or a backslash before a symbol such as \\- or \\/)`,
      );
    return setOf([c(next), c(next)]);
  }

  private characterClass(): Node {
    const start = this.at;
    this.at += 1;
    const negated = this.peek() === '^';
    if (negated) this.at += 1;
    const ranges: (readonly [number, number])[] = [];
    while (this.peek() !== ']') {
      if (this.at >= this.text.length)
        throw new Refused(`the class at character ${this.offset + start + 1} is not closed`);
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.at += 1;
        const to = this.classAtom();
        const lo = single(from);
        const hi = single(to);
        if (lo === undefined || hi === undefined)
          throw new Refused(
            `the class at character ${this.offset + start + 1} has a range with \\d, \\w or \\s at one end; put "-" first or last for the character`,
          );
        ranges.push([lo, hi]);
      } else ranges.push(...from);
    }
    this.at += 1;
    const set = setOf(...ranges);
    return {
      type: 'chars',
      set: negated ? complement(set) : set,
      source: this.text.slice(start, this.at),
      at: this.offset + start,
    };
  }

  private classAtom(): CharSet {
    if (this.peek() === '\\') return this.escapedSet(true);
    const code = this.text.charCodeAt(this.at);
    this.at += 1;
    return setOf([code, code]);
  }
}

/** The one character of a set that holds exactly one, else undefined. */
function single(set: CharSet): number | undefined {
  const only = set.length === 1 ? set[0] : undefined;
  return only && only[0] === only[1] ? only[0] : undefined;
}

/** How many character positions the pattern has once bounded repetitions are written out (capped, to stop early). */
function sizeOf(node: Node): number {
  switch (node.type) {
    case 'chars':
      return 1;
    case 'assert':
      return 0;
    case 'seq':
      return node.items.reduce((sum, item) => Math.min(sum + sizeOf(item), MAX_POSITIONS + 1), 0);
    case 'alt':
      return node.branches.reduce((sum, branch) => Math.min(sum + sizeOf(branch), MAX_POSITIONS + 1), 0);
    case 'group':
      return sizeOf(node.body);
    case 'repeat':
      return Math.min(
        sizeOf(node.body) * Math.max(1, node.max === Infinity ? node.min + 1 : node.max),
        MAX_POSITIONS + 1,
      );
  }
}

// -------------------------------------------------------------------------------------------------
// The check: the Glushkov construction (each character of the pattern, with bounded repetitions
// written out, is a position; `follow` says which positions may come next), refusing as soon as
// two ways appear.

interface Position {
  readonly set: CharSet;
  /** Where it is in the pattern, for messages: `"\d" (character 5)`. */
  readonly name: string;
  readonly follow: Position[];
}

interface Part {
  readonly nullable: boolean;
  readonly first: readonly Position[];
  readonly last: readonly Position[];
}

const EMPTY: Part = { nullable: true, first: [], last: [] };

class Analyser {
  check(tree: Node): Part {
    const whole = this.part(tree);
    distinct(whole.first, 'at its start');
    return whole;
  }

  private part(node: Node): Part {
    switch (node.type) {
      case 'chars': {
        const p: Position = { set: node.set, name: `"${node.source}" (character ${node.at + 1})`, follow: [] };
        return { nullable: false, first: [p], last: [p] };
      }
      case 'assert':
        return EMPTY;
      case 'group':
        return this.part(node.body);
      case 'seq':
        return node.items.reduce<Part>((sofar, item) => this.then(sofar, this.part(item)), EMPTY);
      case 'alt': {
        const parts = node.branches.map((b) => this.part(b));
        if (parts.filter((p) => p.nullable).length > 1)
          throw new Refused(
            'two of its alternatives can match empty text, so the same text matches in more than one way, which can take exponential time',
          );
        return {
          nullable: parts.some((p) => p.nullable),
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
        };
      }
      case 'repeat':
        return this.repeat(node);
    }
  }

  /** `x{n,m}` as n copies of x and then m − n nested optional copies; `x{n,}` as n copies and then x*. */
  private repeat(node: Extract<Node, { type: 'repeat' }>): Part {
    let whole: Part = EMPTY;
    for (let i = 0; i < node.min; i += 1) whole = this.then(whole, this.part(node.body));
    if (node.max === Infinity) return this.then(whole, this.star(node));
    let tail: Part = EMPTY;
    for (let i = node.min; i < node.max; i += 1) tail = this.optional(this.then(this.part(node.body), tail), node);
    return this.then(whole, tail);
  }

  private star(node: Extract<Node, { type: 'repeat' }>): Part {
    const body = this.part(node.body);
    if (body.nullable)
      throw new Refused(
        `it repeats "${node.source}", whose repeated part can match empty text, which can take exponential time`,
      );
    for (const from of body.last)
      link(
        from,
        body.first,
        `"${node.source}" repeats a repetition, so the same text can be split in many ways, which can take exponential time`,
      );
    return { nullable: true, first: body.first, last: body.last };
  }

  private optional(body: Part, node: Extract<Node, { type: 'repeat' }>): Part {
    if (body.nullable)
      throw new Refused(
        `"${node.source}" makes optional something that can already match empty text, so it matches in more than one way, which can take exponential time`,
      );
    return { nullable: true, first: body.first, last: body.last };
  }

  private then(a: Part, b: Part): Part {
    for (const from of a.last)
      link(
        from,
        b.first,
        'the same text matches in more than one way (a repetition inside a repetition), which can take exponential time',
      );
    return {
      nullable: a.nullable && b.nullable,
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...a.last, ...b.last] : b.last,
    };
  }
}

/** Adds `to` after `from`, refusing a pair already there (a second way from one to the other) and two next characters that overlap. */
function link(from: Position, to: readonly Position[], twice: string): void {
  for (const p of to) {
    if (from.follow.includes(p)) throw new Refused(twice);
    for (const other of from.follow) if (overlaps(other.set, p.set)) throw ambiguous(`after ${from.name}`, other, p);
    from.follow.push(p);
  }
}

/** Refuses two positions that could take the same first character. */
function distinct(positions: readonly Position[], where: string): void {
  positions.forEach((a, i) => {
    for (const b of positions.slice(i + 1)) if (overlaps(a.set, b.set)) throw ambiguous(where, a, b);
  });
}

function ambiguous(where: string, a: Position, b: Position): Refused {
  if (a.name === b.name) {
    // Two copies of one atom: a repetition written out twice, as (\d+)+ or (\w+){2,} is.
    return new Refused(
      `${where}, ${a.name} can take the next character in two ways (a repetition directly inside another, as in (\\d+)+), so the same text can be split in many ways, which can take exponential time`,
    );
  }
  return new Refused(
    `${where}, both ${a.name} and ${b.name} can take the next character, so the same text can match in more than one way, which can take exponential or polynomial time; write it so that the next character always decides the way (for example DUR(HAM)? rather than (DUR|DURHAM))`,
  );
}

/** The pattern again, with every group non-capturing and unbounded repetition capped. */
function emit(node: Node): string {
  switch (node.type) {
    case 'chars':
    case 'assert':
      return node.source;
    case 'seq':
      return node.items.map(emit).join('');
    case 'alt':
      return node.branches.map(emit).join('|');
    case 'group':
      return `(?:${emit(node.body)})`;
    case 'repeat': {
      const max = node.max === Infinity ? node.min + UNBOUNDED_REPEAT_LIMIT : node.max;
      return `${emit(node.body)}{${node.min},${max}}${node.lazy ? '?' : ''}`;
    }
  }
}
