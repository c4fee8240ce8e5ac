/**
 * The Microsoft 365 app package: one unified manifest (v1.24) for the Teams bot, the Teams tab and
 * the Outlook add-in with its on-send event, and the XML add-in manifest for Outlook clients that
 * still need it (Outlook on Mac, older classic builds, perpetual licences). Built from the app id
 * and the server's public address; the names the code registers come from addin-names.ts.
 */
import {
  ADDIN_PATHS,
  TAB_ENTITY_ID,
  ON_MESSAGE_SEND_ACTION,
  ON_RECIPIENTS_CHANGED_ACTION,
  OPEN_PANE_COMMAND,
} from '../addin/shared/addin-names.js';

export interface PackageSettings {
  /** The Entra app registration (also the bot's Microsoft App ID). */
  readonly appId: string;
  /** The server's public https address. */
  readonly publicUrl: string;
  readonly version: string;
}

export const MANIFEST_VERSION = '1.24';
export const RIBBON_ICON_SIZES = [16, 32, 80] as const;
const ON_SEND_RUNTIME = 'safeguardOnSendRuntime';
const PANE_RUNTIME = 'safeguardPaneRuntime';
const OPEN_PANE_ACTION = 'safeguardOpenPaneAction';

const COMMANDS = [
  ['help', 'What I can do'],
  ['log call', 'Log a phone discussion and get the confirmation email'],
  ['consent', 'Check consent and record a sharing decision'],
  ['escalate', 'Raise an escalation with another agency'],
  ['my escalations', 'Escalations you raised'],
  ['team escalations', "Your team's escalations"],
  ['tell my manager', 'Report to your line manager'],
] as const;

export function unifiedManifest(s: PackageSettings): Record<string, unknown> {
  const url = (path: string) => new URL(path, s.publicUrl).toString();
  const host = new URL(s.publicUrl).host;
  const icons = RIBBON_ICON_SIZES.map((size) => ({ size, url: url(`/addin/icon-${size}.png`) }));
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: s.version,
    id: s.appId,
    developer: {
      name: 'Safeguarding assistant',
      websiteUrl: s.publicUrl,
      privacyUrl: url('/privacy'),
      termsOfUseUrl: url('/terms'),
    },
    name: { short: 'Safeguarding', full: 'Safeguarding protocol assistant' },
    description: {
      short: 'Consent checks, call confirmations and escalations, as your protocol asks.',
      full: 'Puts your local adult-safeguarding protocol where the work happens: an Outlook check that stops a case email to another agency until a consent or lawful-basis decision is recorded, a sharing-decision wizard and a phone-call confirmation composer; a Teams bot for calls, consent and escalations with reminders to managers; and a tab of open escalations and themes for managers and the Board.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#0F6CBD',
    bots: [
      {
        botId: s.appId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal', 'team', 'groupChat'],
            commands: COMMANDS.map(([title, description]) => ({ title, description })),
          },
        ],
      },
    ],
    staticTabs: [
      {
        entityId: TAB_ENTITY_ID,
        name: 'Escalations',
        contentUrl: url(ADDIN_PATHS.tab),
        websiteUrl: url(ADDIN_PATHS.tab),
        scopes: ['personal'],
      },
    ],
    permissions: ['identity'],
    validDomains: [host],
    webApplicationInfo: { id: s.appId, resource: `api://${host}/${s.appId}` },
    authorization: { permissions: { resourceSpecific: [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }] } },
    extensions: [
      {
        requirements: { scopes: ['mail'], capabilities: [{ name: 'Mailbox', minVersion: '1.12' }] },
        runtimes: [
          {
            id: PANE_RUNTIME,
            type: 'general',
            code: { page: url(ADDIN_PATHS.taskpane) },
            lifetime: 'short',
            actions: [
              {
                id: OPEN_PANE_ACTION,
                type: 'openPage',
                view: 'safeguardPane',
                displayName: 'Safeguarding',
                pinnable: false,
              },
            ],
          },
          {
            id: ON_SEND_RUNTIME,
            type: 'general',
            lifetime: 'short',
            code: { page: url(ADDIN_PATHS.eventRuntimePage), script: url(ADDIN_PATHS.eventRuntimeScript) },
            actions: [
              { id: ON_MESSAGE_SEND_ACTION, type: 'executeFunction' },
              { id: ON_RECIPIENTS_CHANGED_ACTION, type: 'executeFunction' },
            ],
          },
        ],
        ribbons: [
          {
            contexts: ['mailCompose'],
            tabs: [
              {
                builtInTabId: 'TabDefault',
                groups: [
                  {
                    id: 'safeguardGroup',
                    label: 'Safeguarding',
                    icons,
                    controls: [
                      {
                        id: OPEN_PANE_COMMAND,
                        type: 'button',
                        label: 'Safeguarding',
                        icons,
                        actionId: OPEN_PANE_ACTION,
                        supertip: {
                          title: 'Safeguarding',
                          description: 'Record a sharing decision for this email, or confirm a phone discussion.',
                        },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        autoRunEvents: [
          {
            requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.12' }] },
            events: [
              { type: 'messageSending', actionId: ON_MESSAGE_SEND_ACTION, options: { sendMode: 'softBlock' } },
              { type: 'messageRecipientsChanged', actionId: ON_RECIPIENTS_CHANGED_ACTION },
            ],
          },
        ],
      },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XML add-in-only manifest (VersionOverrides 1.0 + 1.1 with the LaunchEvent extension point). */
export function xmlManifest(s: PackageSettings): string {
  const url = (path: string) => esc(new URL(path, s.publicUrl).toString());
  const host = new URL(s.publicUrl).host;
  const icon = (id: string, size: number) => `<bt:Image id="${id}" DefaultValue="${url(`/addin/icon-${size}.png`)}"/>`;
  const buttonIcons = RIBBON_ICON_SIZES.map((size) => `<bt:Image size="${size}" resid="icon${size}"/>`).join('');
  const commands = (inner: string) => `<ExtensionPoint xsi:type="MessageComposeCommandSurface">
            <OfficeTab id="TabDefault">
              <Group id="safeguardGroup">
                <Label resid="groupLabel"/>
                <Control xsi:type="Button" id="${OPEN_PANE_COMMAND}">
                  <Label resid="buttonLabel"/>
                  <Supertip><Title resid="buttonLabel"/><Description resid="buttonTip"/></Supertip>
                  <Icon>${buttonIcons}</Icon>
                  <Action xsi:type="ShowTaskpane"><SourceLocation resid="paneUrl"/></Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>${inner}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0"
  xsi:type="MailApp">
  <Id>${esc(s.appId)}</Id>
  <Version>${esc(s.version)}.0</Version>
  <ProviderName>Safeguarding assistant</ProviderName>
  <DefaultLocale>en-GB</DefaultLocale>
  <DisplayName DefaultValue="Safeguarding"/>
  <Description DefaultValue="Stops a case email to another agency until a consent or lawful-basis decision is recorded; records sharing decisions and confirms phone discussions."/>
  <IconUrl DefaultValue="${url('/addin/icon-80.png')}"/>
  <HighResolutionIconUrl DefaultValue="${url('/addin/icon-80.png')}"/>
  <SupportUrl DefaultValue="${esc(s.publicUrl)}"/>
  <AppDomains><AppDomain>${esc(`https://${host}`)}</AppDomain></AppDomains>
  <Hosts><Host Name="Mailbox"/></Hosts>
  <Requirements><Sets><Set Name="Mailbox" MinVersion="1.1"/></Sets></Requirements>
  <FormSettings>
    <Form xsi:type="ItemEdit"><DesktopSettings><SourceLocation DefaultValue="${url(ADDIN_PATHS.taskpane)}"/></DesktopSettings></Form>
  </FormSettings>
  <Permissions>ReadWriteItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or"><Rule xsi:type="ItemIs" ItemType="Message" FormType="Edit"/></Rule>
  <DisableEntityHighlighting>false</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements><bt:Sets DefaultMinVersion="1.12"><bt:Set Name="Mailbox"/></bt:Sets></Requirements>
      <Hosts>
        <Host xsi:type="MailHost">
          <Runtimes>
            <Runtime resid="onSendPage">
              <Override type="javascript" resid="onSendScript"/>
            </Runtime>
          </Runtimes>
          <DesktopFormFactor>
          ${commands(`
          <ExtensionPoint xsi:type="LaunchEvent">
            <LaunchEvents>
              <LaunchEvent Type="OnMessageSend" FunctionName="${ON_MESSAGE_SEND_ACTION}" SendMode="SoftBlock"/>
              <LaunchEvent Type="OnMessageRecipientsChanged" FunctionName="${ON_RECIPIENTS_CHANGED_ACTION}"/>
            </LaunchEvents>
            <SourceLocation resid="onSendPage"/>
          </ExtensionPoint>`)}
          </DesktopFormFactor>
        </Host>
      </Hosts>
      <Resources>
        <bt:Images>${RIBBON_ICON_SIZES.map((size) => icon(`icon${size}`, size)).join('')}</bt:Images>
        <bt:Urls>
          <bt:Url id="paneUrl" DefaultValue="${url(ADDIN_PATHS.taskpane)}"/>
          <bt:Url id="onSendPage" DefaultValue="${url(ADDIN_PATHS.eventRuntimePage)}"/>
          <bt:Url id="onSendScript" DefaultValue="${url(ADDIN_PATHS.eventRuntimeScript)}"/>
        </bt:Urls>
        <bt:ShortStrings>
          <bt:String id="groupLabel" DefaultValue="Safeguarding"/>
          <bt:String id="buttonLabel" DefaultValue="Safeguarding"/>
        </bt:ShortStrings>
        <bt:LongStrings>
          <bt:String id="buttonTip" DefaultValue="Record a sharing decision for this email, or confirm a phone discussion."/>
        </bt:LongStrings>
      </Resources>
      <WebApplicationInfo>
        <Id>${esc(s.appId)}</Id>
        <Resource>${esc(`api://${host}/${s.appId}`)}</Resource>
        <Scopes><Scope>openid</Scope><Scope>profile</Scope></Scopes>
      </WebApplicationInfo>
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
`;
}
