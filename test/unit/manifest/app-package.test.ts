/**
 * The Microsoft 365 app package, validated offline: the unified manifest against Microsoft's own
 * v1.24 JSON schema (bundled in @microsoft/app-manifest), the names it declares against the ones
 * the add-in registers, the XML manifest's structure, and the zip's contents.
 */
import { createRequire } from 'node:module';
import { unzipSync } from 'fflate';
import {
  ADDIN_PATHS,
  ON_MESSAGE_SEND_ACTION,
  ON_RECIPIENTS_CHANGED_ACTION,
  OPEN_PANE_COMMAND,
} from '../../../addin/shared/addin-names.js';
import { MANIFEST_VERSION, unifiedManifest, xmlManifest } from '../../../manifest/app-manifest.js';
import { appPackage } from '../../../manifest/app-package.js';

const require = createRequire(import.meta.url);

const Ajv = require('ajv-draft-04') as new (o: object) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] | null };
  addFormat(n: string, f: unknown): void;
};
const schema = require(
  `@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
) as object;

const settings = {
  appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  publicUrl: 'https://safeguard.contoso.example',
  version: '1.2.3',
};
type Json = Record<string, any>;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

test("the unified manifest is valid against Microsoft's v1.24 schema, and a broken one is not", () => {
  const validate = validator();
  const manifest = unifiedManifest(settings);
  expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  const broken = structuredClone(manifest) as Json;
  broken.extensions[0].autoRunEvents[0].events[0].options.sendMode = 'SoftBlock'; // the XML spelling
  expect(validate(broken)).toBe(false);
});

test('every action the manifest names exists, with the names the add-in registers', () => {
  const m = unifiedManifest(settings) as Json;
  const ext = m.extensions[0];
  const actions = new Set<string>(ext.runtimes.flatMap((r: Json) => r.actions.map((a: Json) => a.id)));
  const events = ext.autoRunEvents.flatMap((g: Json) => g.events);
  expect(events).toEqual([
    { type: 'messageSending', actionId: ON_MESSAGE_SEND_ACTION, options: { sendMode: 'softBlock' } },
    { type: 'messageRecipientsChanged', actionId: ON_RECIPIENTS_CHANGED_ACTION },
  ]);
  const controls = ext.ribbons.flatMap((r: Json) =>
    r.tabs.flatMap((t: Json) => t.groups.flatMap((g: Json) => g.controls)),
  );
  expect(controls.map((c: Json) => c.id)).toEqual([OPEN_PANE_COMMAND]); // Smart Alerts' button opens the pane through this id
  for (const id of [...events.map((e: Json) => e.actionId), ...controls.map((c: Json) => c.actionId)])
    expect(actions).toContain(id);
  const onSend = ext.runtimes.find((r: Json) => r.actions.some((a: Json) => a.id === ON_MESSAGE_SEND_ACTION));
  expect(onSend.code).toEqual({
    page: `https://safeguard.contoso.example${ADDIN_PATHS.eventRuntimePage}`,
    script: `https://safeguard.contoso.example${ADDIN_PATHS.eventRuntimeScript}`,
  });
  const urls = JSON.stringify(m).match(/"https?:\/\/[^"]+"/g) ?? [];
  expect(
    urls.filter(
      (u) =>
        !u.startsWith('"https://safeguard.contoso.example') &&
        !u.startsWith('"https://developer.microsoft.com/json-schemas/'),
    ),
  ).toEqual([]);
  expect(m.validDomains).toEqual(['safeguard.contoso.example']);
  expect(m.bots[0].botId).toBe(settings.appId);
  expect(m.webApplicationInfo).toEqual({
    id: settings.appId,
    resource: `api://safeguard.contoso.example/${settings.appId}`,
  });
});

test('the XML manifest is well-formed and declares the same button, events and runtime', async () => {
  const { validateXML } = await import('xmllint-wasm');
  const xml = xmlManifest(settings);
  const result = await validateXML({
    xml: [{ fileName: 'outlook-addin.xml', contents: xml }],
    normalization: 'format',
  });
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
  expect(
    (
      await validateXML({
        xml: [{ fileName: 'broken.xml', contents: xml.replace('</OfficeApp>', '') }],
        normalization: 'format',
      })
    ).valid,
  ).toBe(false);
  expect(xml).toContain(
    `<LaunchEvent Type="OnMessageSend" FunctionName="${ON_MESSAGE_SEND_ACTION}" SendMode="SoftBlock"/>`,
  );
  expect(xml).toContain(
    `<LaunchEvent Type="OnMessageRecipientsChanged" FunctionName="${ON_RECIPIENTS_CHANGED_ACTION}"/>`,
  );
  expect(xml).toContain(`<Control xsi:type="Button" id="${OPEN_PANE_COMMAND}">`);
  expect(xml).toContain('<Override type="javascript" resid="onSendScript"/>');
  expect(xml).toContain(
    `<bt:Url id="onSendScript" DefaultValue="https://safeguard.contoso.example${ADDIN_PATHS.eventRuntimeScript}"/>`,
  );
  expect(xml).toContain('<Permissions>ReadWriteItem</Permissions>');
  expect(xml).toMatch(/<Version>1\.2\.3\.0<\/Version>/);
});

test('the zip holds the manifest and two icons of the sizes Teams requires', () => {
  const files = unzipSync(appPackage(settings));
  expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  const size = (png: Uint8Array) => {
    const view = Buffer.from(png);
    expect(view.subarray(1, 4).toString('ascii')).toBe('PNG');
    return [view.readUInt32BE(16), view.readUInt32BE(20)];
  };
  expect(size(files['color.png']!)).toEqual([192, 192]);
  expect(size(files['outline.png']!)).toEqual([32, 32]);
  expect(JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'))).toMatchObject({
    manifestVersion: '1.24',
    id: settings.appId,
  });
});
