/**
 * What a Bicep compiler and the Agents Toolkit would catch first, checked offline (there is no
 * Bicep CLI here): every module call passes each required parameter of its module and only
 * declared ones, every `module.outputs.x` exists, both parameter files name only parameters of
 * main.bicep and give every required one, and every ${{VARIABLE}} that m365agents.yml and the
 * files it reads use is in env/.env.dev or written by an action before it is needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const repo = process.cwd();
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

interface BicepFile {
  params: Map<string, { required: boolean }>;
  outputs: Set<string>;
  text: string;
}

function bicep(path: string): BicepFile {
  const text = read(path);
  const params = new Map(
    [...text.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)].map((m) => [m[1]!, { required: !m[2] }] as const),
  );
  const outputs = new Set([...text.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!));
  return { params, outputs, text };
}

/** Module calls of a file: symbolic name, path, and the keys of its `params` block. */
function moduleCalls(file: BicepFile): { name: string; path: string; keys: string[] }[] {
  return [...file.text.matchAll(/^module\s+(\w+)\s+'([^']+)'\s*=\s*\{\n([\s\S]*?)^\}/gm)].map((m) => {
    const block = /^ {2}params: \{\n([\s\S]*?)^ {2}\}/m.exec(m[3]!)?.[1] ?? '';
    return { name: m[1]!, path: m[2]!, keys: [...block.matchAll(/^ {4}(\w+):/gm)].map((k) => k[1]!) };
  });
}

const main = bicep('infra/main.bicep');

test.each(moduleCalls(main).map((call) => [call.name, call] as const))(
  'module %s gets every required parameter and only declared ones',
  (_name, call) => {
    const module = bicep(join('infra', call.path));
    const required = [...module.params].filter(([, p]) => p.required).map(([n]) => n);
    expect(call.keys.filter((k) => !module.params.has(k))).toEqual([]);
    expect(required.filter((n) => !call.keys.includes(n))).toEqual([]);
  },
);

test('every module output main.bicep reads exists', () => {
  const calls = new Map(moduleCalls(main).map((c) => [c.name, bicep(join('infra', c.path))]));
  const missing = [...main.text.matchAll(/\b(\w+)\.outputs\.(\w+)/g)]
    .filter((m) => !calls.get(m[1]!)?.outputs.has(m[2]!))
    .map((m) => m[0]);
  expect(missing).toEqual([]);
});

test('the parameter files name only parameters of main.bicep and give every required one', () => {
  const required = [...main.params]
    .filter(([, p]) => p.required)
    .map(([n]) => n)
    .sort();
  const json = Object.keys(
    (JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, unknown> }).parameters,
  );
  const bicepparam = [...read('infra/main.bicepparam').matchAll(/^param\s+(\w+)\s*=/gm)].map((m) => m[1]!);
  for (const names of [json, bicepparam]) {
    expect(names.filter((n) => !main.params.has(n))).toEqual([]);
    expect(required.filter((n) => !names.includes(n))).toEqual([]);
  }
});

test('every ${{VARIABLE}} of the toolkit project is defined before it is used', () => {
  const defined = new Set([...read('env/.env.dev').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
  // Built in (atk) or written to env/.env.dev.user by the administrator or by aadApp/create.
  for (const name of [
    'TEAMSFX_ENV',
    'SECRET_AAD_APP_CLIENT_SECRET',
    'SECRET_POSTGRES_ADMIN_PASSWORD',
    'SECRET_DECISION_LOG_KEY',
  ])
    defined.add(name);
  const yml = read('m365agents.yml');
  const files = [...yml.matchAll(/(?:manifestPath|parameters): (\.\/\S+)/g)].map((m) => m[1]!);
  const used = [yml, ...files.map((f) => read(join(dirname('m365agents.yml'), f)))].flatMap((text) =>
    [...text.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]!),
  );
  expect([...new Set(used)].filter((name) => !defined.has(name))).toEqual([]);
  // The Bicep outputs the later actions read are outputs of main.bicep.
  for (const name of ['APP_URL', 'BOT_DOMAIN', 'AZURE_CONTAINER_REGISTRY_NAME', 'AZURE_APP_SERVICE_RESOURCE_ID'])
    expect(main.outputs).toContain(name);
});
