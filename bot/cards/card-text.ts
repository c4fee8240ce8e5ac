/**
 * Text on a card. Teams renders a TextBlock's text and a FactSet's titles and values as Markdown
 * and expands `{{DATE(…)}}` / `{{TIME(…)}}`, so text someone typed — a name, an agency, notes —
 * could otherwise show a disguised link (`[Open the record](https://…)`), bold "URGENT" or a
 * date that is not what was typed (security review 2026-12, L1). The card builders escape every
 * plain string; only the product's own Markdown, written with `md`, is left as Markdown.
 */

/** Markdown the product writes on purpose: literal parts kept, every interpolated value escaped. */
export interface Markdown {
  readonly markdown: string;
}

/** What a card builder takes: plain text (escaped) or the product's Markdown. */
export type CardText = string | Markdown;

/** Characters that start Markdown anywhere in a line, plus `{` (card functions) and `<` `&` (HTML-ish, entities). */
const INLINE = /[\\`*_~[\]{}<>&|]/g;
/** Characters that start a block at the beginning of a line: heading (also `===` under a line), quote, list item. */
const LINE_START = /^([ \t]*)([#>+=-]|\d+[.)])/gm;

/**
 * Escapes text so Teams shows it literally: Markdown punctuation and the braces of card
 * functions get a backslash (CommonMark's escape; the backslash itself is not shown).
 * @example escapeCardText('**URGENT** [x](https://evil.example)') // '\\*\\*URGENT\\*\\* \\[x\\](https://evil.example)'
 */
export function escapeCardText(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(
      LINE_START,
      (_all, indent: string, marker: string) => `${indent}${marker.replace(/[#>+=\-.)]$/, (c) => `\\${c}`)}`,
    );
}

/**
 * The product's Markdown with values escaped.
 * @example md`**${caseReference}** — stage ${n}`
 */
export function md(literals: TemplateStringsArray, ...values: readonly unknown[]): Markdown {
  return {
    markdown: literals.reduce(
      (out, literal, i) => out + literal + (i < values.length ? escapeCardText(String(values[i])) : ''),
      '',
    ),
  };
}

/** The string a card carries for `text`. */
export function cardText(text: CardText): string {
  return typeof text === 'string' ? escapeCardText(text) : text.markdown;
}
