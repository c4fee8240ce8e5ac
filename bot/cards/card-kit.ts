/**
 * Small builders for Adaptive Card 1.5 JSON, the version Teams renders on desktop, web and
 * mobile. Every action is `Action.Execute` (Universal Actions), so the same card works in Teams
 * and Outlook and the bot can answer with an updated card.
 */
import { cardText, type CardText } from './card-text.js';

export type CardElement = Readonly<Record<string, unknown>>;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly refresh?: { readonly action: CardElement; readonly userIds: readonly string[] };
  readonly fallbackText?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams refreshes a card automatically for at most 60 listed users. */
export const MAX_REFRESH_USERS = 60;

export function card(
  body: readonly CardElement[],
  actions: readonly CardElement[] = [],
  extra: Partial<Pick<AdaptiveCard, 'refresh' | 'fallbackText'>> = {},
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    ...extra,
  };
}

// Text elements escape plain strings (see card-text.ts): text a person typed is shown as typed,
// never as Markdown or a card function. The product's own Markdown is written with `md`.
export const heading = (text: CardText): CardElement => ({
  type: 'TextBlock',
  text: cardText(text),
  weight: 'Bolder',
  size: 'Medium',
  wrap: true,
  style: 'heading',
});
export const para = (text: CardText, opts: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: cardText(text),
  wrap: true,
  ...opts,
});
export const note = (text: CardText): CardElement => para(text, { isSubtle: true, size: 'Small' });
export const warning = (text: CardText): CardElement => para(text, { color: 'Attention', weight: 'Bolder' });
export const facts = (pairs: readonly (readonly [CardText, CardText])[]): CardElement => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title: cardText(title), value: cardText(value) })),
});

export function execute(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  opts: Record<string, unknown> = {},
): CardElement {
  return { type: 'Action.Execute', title, verb, data: { verb, ...data }, ...opts };
}

/** A submit that validates its inputs on the client first (labels and required fields are read by screen readers). */
export function submit(title: string, verb: string, data: Record<string, unknown> = {}): CardElement {
  return execute(title, verb, data, { associatedInputs: 'auto', style: 'positive' });
}

export function textInput(
  id: string,
  label: string,
  opts: {
    required?: boolean;
    multiline?: boolean;
    placeholder?: string;
    value?: string;
    maxLength?: number;
    style?: 'email' | 'text';
  } = {},
): CardElement {
  return {
    type: 'Input.Text',
    id,
    label,
    isRequired: opts.required ?? false,
    isMultiline: opts.multiline ?? false,
    ...(opts.required ? { errorMessage: `${label} is required` } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.value ? { value: opts.value } : {}),
    ...(opts.style === 'email' ? { style: 'Email' } : {}),
    maxLength: opts.maxLength ?? (opts.multiline ? 4000 : 200),
  };
}

export function dateInput(id: string, label: string, opts: { required?: boolean; value?: string } = {}): CardElement {
  return {
    type: 'Input.Date',
    id,
    label,
    isRequired: opts.required ?? false,
    ...(opts.required ? { errorMessage: `${label} is required` } : {}),
    ...(opts.value ? { value: opts.value } : {}),
  };
}

export function timeInput(id: string, label: string, value?: string): CardElement {
  return {
    type: 'Input.Time',
    id,
    label,
    isRequired: true,
    errorMessage: `${label} is required`,
    ...(value ? { value } : {}),
  };
}

export function choiceInput(
  id: string,
  label: string,
  choices: readonly (readonly [string, string])[],
  opts: { required?: boolean; multi?: boolean; value?: string; expanded?: boolean } = {},
): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    isRequired: opts.required ?? false,
    isMultiSelect: opts.multi ?? false,
    style: opts.expanded ? 'expanded' : 'compact',
    choices: choices.map(([value, title]) => ({ title, value })),
    ...(opts.required ? { errorMessage: `Choose ${label.toLowerCase()}` } : {}),
    ...(opts.value ? { value: opts.value } : {}),
  };
}

export function toggle(id: string, title: string, opts: { value?: boolean } = {}): CardElement {
  return {
    type: 'Input.Toggle',
    id,
    title,
    label: title,
    value: opts.value ? 'true' : 'false',
    valueOn: 'true',
    valueOff: 'false',
  };
}

/** A group of inputs shown under a heading, for long forms that stay readable on a phone. */
export function section(title: string, items: readonly CardElement[]): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [para(title, { weight: 'Bolder' }), ...items],
  };
}

export function showCard(title: string, inner: AdaptiveCard): CardElement {
  const { $schema: _schema, ...rest } = inner;
  return { type: 'Action.ShowCard', title, card: rest };
}
