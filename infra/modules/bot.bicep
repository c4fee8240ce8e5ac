// The Azure Bot: the Entra app registration as a single-tenant bot (new multi-tenant Azure Bots
// cannot be created since 31 July 2025), the Microsoft Teams channel, and the OAuth connection
// that card single sign-on uses (BOT_SSO_CONNECTION): Azure AD v2 with token exchange to the
// app's Application ID URI.

param name string
param displayName string

@description('F0 is free and enough for Teams (a standard channel); S1 for a support agreement.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

@description('The Entra app registration\'s client id (MICROSOFT_APP_ID).')
param appId string

@description('Its home tenant (MICROSOFT_APP_TENANT_ID).')
param appTenantId string

@secure()
param appPassword string

@description('The host the messaging endpoint is on: https://<host>/api/messages.')
param hostName string

@description('The Application ID URI: api://<host>/<app id> (SAFEGUARD_APP_ID_URI).')
param appIdUri string

param ssoConnectionName string
param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${hostName}/api/messages'
    msaAppId: appId
    msaAppType: 'SingleTenant'
    msaAppTenantId: appTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

resource sso 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: bot
  name: ssoConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    clientId: appId
    clientSecret: appPassword
    scopes: '${appIdUri}/access_as_user'
    parameters: [
      {
        key: 'tenantID'
        value: appTenantId
      }
      {
        key: 'tokenExchangeUrl'
        value: appIdUri
      }
    ]
  }
}

output name string = bot.name
output id string = bot.id
