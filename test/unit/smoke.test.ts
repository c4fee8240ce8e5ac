import { parsePack } from '../../src/domain/protocol/parse-pack.js';

test('an empty object is not a pack, and the problems say where', () => {
  const result = parsePack({});
  expect(result.kind).toBe('invalid');
  if (result.kind === 'invalid') expect(result.problems.map((p) => p.path)).toContain('formatVersion');
});
