/**
 * The dependency rules of the architecture (DESIGN.md, "Allowed imports"), checked on the
 * source: the domain stays pure so the Outlook on-send handler can reuse it in a browser, and no
 * Microsoft SDK leaks into the core.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
}

const root = process.cwd();
const domain = sourceFiles(join(root, 'src', 'domain'));
const app = sourceFiles(join(root, 'src', 'app'));

test('the domain imports only itself and zod', () => {
  const offending = domain.flatMap((file) =>
    importsOf(file)
      .filter((spec) => !(spec.startsWith('.') && !relative(join(root, 'src', 'domain'), join(file, '..', spec)).startsWith('..')) && spec !== 'zod')
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  );
  expect(offending).toEqual([]);
});

test('the domain never reads the clock, the environment or the process', () => {
  const offending = domain.filter((file) => /\bDate\.now\(|new Date\(\)|\bprocess\.(env|exit|argv|cwd|hrtime|pid|platform)\b|\brequire\(/.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
  expect(offending).toEqual([]);
});

test('use cases depend on the domain and their ports, never on an adapter or an SDK', () => {
  const offending = app.flatMap((file) =>
    importsOf(file)
      .filter((spec) => !spec.startsWith('./') && !spec.startsWith('../domain/') && spec !== 'zod')
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  );
  expect(offending).toEqual([]);
});

test('no Microsoft SDK is imported outside bot/ and addin/ (src/graph may use the Graph client)', () => {
  const sdk = /^(botbuilder|botframework|@microsoft\/|office-js|adaptivecards)/;
  const graphAdapter = (file: string, spec: string) => relative(root, file).startsWith('src/graph/') && spec === '@microsoft/microsoft-graph-client';
  const offending = sourceFiles(join(root, 'src')).flatMap((file) => importsOf(file).filter((s) => sdk.test(s) && !graphAdapter(file, s)).map((s) => `${relative(root, file)} imports ${s}`));
  expect(offending).toEqual([]);
});
