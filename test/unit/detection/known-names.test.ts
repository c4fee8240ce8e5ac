import { createNameMatcher } from '../../../src/domain/detection/known-names.js';

const people = [
  { personId: 'p-jane', displayName: 'Jane Smith' },
  { personId: 'p-mj', displayName: "Mary-Jane O'Neill" },
  { personId: 'p-zoe', displayName: 'Zoë Brontë' },
  { personId: 'p-initial', displayName: 'A. Person' },
  { personId: 'p-single', displayName: 'John' },
];
const matcher = createNameMatcher(people);
const found = (text: string) =>
  matcher.find(text).map((m) => ({ text: text.slice(m.index, m.index + m.length), personId: m.personId }));

describe('names of people on the caseload', () => {
  test('the full name, as whole words, in any case', () => {
    expect(found('I visited JANE SMITH today; jane smith was well.')).toEqual([
      { text: 'JANE SMITH', personId: 'p-jane' },
      { text: 'jane smith', personId: 'p-jane' },
    ]);
  });

  test('surname first, as case systems list people', () => {
    expect(found('Re: Smith, Jane')).toEqual([{ text: 'Smith, Jane', personId: 'p-jane' }]);
  });

  test('a first name or surname alone is not a finding', () => {
    expect(found('Jane called. Ms Smith will visit. John is fine.')).toEqual([]);
  });

  test('part of a longer word is not a finding', () => {
    expect(found('Jane Smithson and Janet Smith')).toEqual([]);
  });

  test('hyphens, apostrophes (straight or curly), accents and a line break between the words', () => {
    expect(found('Mary-Jane O’Neill; Zoe Bronte; Jane\nSmith').map((f) => f.personId)).toEqual([
      'p-mj',
      'p-zoe',
      'p-jane',
    ]);
  });

  test('an initial must be a capital: "A. Person" but never "a person"', () => {
    expect(found('A. Person and A Person, but not a person')).toEqual([
      { text: 'A. Person', personId: 'p-initial' },
      { text: 'A Person', personId: 'p-initial' },
    ]);
  });

  test('single-word names are never matched', () => {
    expect(found('John Smith and John')).toEqual([]);
  });

  test('positions and ids, never the name itself', () => {
    expect(matcher.find('Dear Jane Smith,')).toEqual([
      { kind: 'known-person', index: 5, length: 10, personId: 'p-jane' },
    ]);
  });

  test('two people with the same name are both reported', () => {
    const twins = createNameMatcher([
      { personId: 'a', displayName: 'Sam Lee' },
      { personId: 'b', displayName: 'Sam Lee' },
    ]);
    expect(twins.find('Sam Lee').map((m) => m.personId)).toEqual(['a', 'b']);
  });
});
