// @ts-check
/**
 * TEMPORARY (issue 8): lint findings in files the core half of the issue (8A: src/app, src/db,
 * bot/flows, bot/cards, the bot's turn handling) is rewriting while the tooling lands, switched
 * off file by file and rule by rule so the rest of the tree is held to the rules now. The lead
 * empties this list at the merge: run `npx eslint .` without it and fix what is left.
 * Each entry names the findings it covers (line numbers at the time of writing).
 *
 * @type {import('eslint').Linter.Config[]}
 */
export const IN_REWRITE = [
  {
    // :47, :55 async arrows with nothing to await; :48, :54 `as` casts that change nothing.
    files: ['bot/flows/escalation-actions.ts'],
    rules: { '@typescript-eslint/require-await': 'off', '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // :33, :43 `as` casts that change nothing (the card-data brands).
    files: ['bot/flows/phone-flow.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // :96 a generic call whose type argument the `as` repeats.
    files: ['bot/safeguarding-bot.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // :12 an unused import (EscalationEventInput).
    files: ['src/app/escalations.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // :19 NUL in a regular expression on purpose (it is what the check looks for: give it a
    // `// eslint-disable-next-line no-control-regex -- …` saying so); :47 a cast that changes nothing.
    files: ['src/app/input-primitives.ts'],
    rules: { 'no-control-regex': 'off', '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // :16 `'memory' | string`: the literal is swallowed by string (document it another way).
    files: ['src/db/database.ts'],
    rules: { '@typescript-eslint/no-redundant-type-constituents': 'off' },
  },
  {
    // :40, :97 Kysely<any> for the migrator (say why in a comment, or use Kysely<unknown>).
    files: ['src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];
