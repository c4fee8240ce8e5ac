// The Safeguarding protocol assistant on Azure, in one resource group:
//
//   App Service (Linux, the container image)  ──VNet──▶  PostgreSQL Flexible Server (private access, TLS)
//        │  managed identity: pulls the image (ACR), reads secrets (Key Vault references)
//        ▼
//   Azure Bot (Teams channel, SSO connection) ─▶ https://<app>/api/messages
//   Log Analytics + Application Insights
//
// Why App Service rather than Container Apps: the server runs its reminder sweeper on a timer in
// every instance, so instances must stay up (Always On; no scale to zero to manage); App Service
// resolves Key Vault references in app settings with a user-assigned identity, takes an instance
// out of rotation while its health check (/readyz) fails, scales out to several instances behind
// one host name, and is what the Microsoft 365 Agents Toolkit deploys to.
//
// Deployed by `atk provision` (m365agents.yml, parameters from main.parameters.json) or
// `az deployment group create --template-file infra/main.bicep --parameters infra/main.bicepparam`.

targetScope = 'resourceGroup'

@description('Prefix of every resource name: 3–11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param resourceBaseName string

param location string = resourceGroup().location

@description('Display name of the bot in Teams.')
param botDisplayName string = 'Safeguarding'

// ── The Entra app registration (bot, single sign-on, Microsoft Graph) ──────────────────────────
@description('Its client id (MICROSOFT_APP_ID).')
param microsoftAppId string

@secure()
@description('Its client secret (MICROSOFT_APP_PASSWORD); stored in Key Vault.')
param microsoftAppPassword string

@description('Its home tenant (MICROSOFT_APP_TENANT_ID): the only tenant whose users may sign in.')
param microsoftAppTenantId string = tenant().tenantId

@description('Name of the bot\'s OAuth connection for single sign-on (BOT_SSO_CONNECTION).')
param ssoConnectionName string = 'safeguard-sso'

// ── The server ──────────────────────────────────────────────────────────────────────────────────
@description('Image tag in this deployment\'s registry. `atk deploy` pushes each build as a new tag and as latest.')
param imageTag string = 'latest'

param appServiceSku string = 'P0v3'

@minValue(1)
@maxValue(10)
@description('Instances of the server; all share the database.')
param instanceCount int = 2

@description('Custom domain the app is reached at, once bound; empty: <app>.azurewebsites.net.')
param publicHostName string = ''

@description('Mailbox reminder emails are sent from when Teams cannot reach someone (needs Graph Mail.Send); empty: none.')
param notificationMailbox string = ''

@description('Named on /privacy and /terms.')
param organisationName string = ''

@description('Contact for questions about personal data (an email address or https URL), shown on /privacy and /terms.')
param privacyContact string = ''

@secure()
@description('Key of the tamper-evident decision log (SAFEGUARD_DECISION_LOG_KEY); stored in Key Vault. Generate once and keep it: e.g. openssl rand -base64 32.')
param decisionLogKey string

// ── The database ────────────────────────────────────────────────────────────────────────────────
param postgresAdministratorLogin string = 'safeguard'

@secure()
@description('Password of the database login; stored in Key Vault inside DATABASE_URL.')
param postgresAdministratorPassword string

param postgresVersion string = '16'
param postgresSkuName string = 'Standard_B1ms'
param postgresTier string = 'Burstable'
param postgresStorageSizeGB int = 32
param postgresHighAvailability bool = false

param tags object = {
  application: 'safeguarding-protocol-assistant'
}

var suffix = uniqueString(subscription().id, resourceGroup().id, resourceBaseName)
var names = {
  identity: '${resourceBaseName}-identity'
  network: '${resourceBaseName}-vnet'
  logs: '${resourceBaseName}-logs'
  insights: '${resourceBaseName}-insights'
  registry: take('${resourceBaseName}${suffix}', 50)
  vault: 'kv-${take(resourceBaseName, 8)}-${take(suffix, 11)}'
  postgres: '${resourceBaseName}-pg-${suffix}'
  plan: '${resourceBaseName}-plan'
  site: '${resourceBaseName}-${suffix}'
  bot: '${resourceBaseName}-bot-${suffix}'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    name: names.network
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logs
    appInsightsName: names.insights
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: names.registry
    location: location
    pullPrincipalId: identity.properties.principalId
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: names.postgres
    location: location
    version: postgresVersion
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
    skuName: postgresSkuName
    tier: postgresTier
    storageSizeGB: postgresStorageSizeGB
    highAvailability: postgresHighAvailability
    delegatedSubnetId: network.outputs.postgresSubnetId
    // The zone's VNet link comes with the zone's module, which finishes before this one starts.
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    tags: tags
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.vault
    location: location
    readerPrincipalId: identity.properties.principalId
    microsoftAppPassword: microsoftAppPassword
    // verify-full: TLS, and the server's certificate checked against its name (Node's CA store).
    databaseUrl: 'postgres://${uriComponent(postgresAdministratorLogin)}:${uriComponent(postgresAdministratorPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=verify-full'
    decisionLogKey: decisionLogKey
    tags: tags
  }
}

var hostName = empty(publicHostName) ? '${names.site}.azurewebsites.net' : publicHostName
var appIdUri = 'api://${hostName}/${microsoftAppId}'

module app 'modules/app-service.bicep' = {
  name: 'app-service'
  params: {
    planName: names.plan
    siteName: names.site
    location: location
    sku: appServiceSku
    instanceCount: instanceCount
    image: 'safeguard:${imageTag}'
    registryLoginServer: registry.outputs.loginServer
    identityId: identity.id
    identityClientId: identity.properties.clientId
    appSubnetId: network.outputs.appSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    hostName: hostName
    appSettings: {
      NODE_ENV: 'production'
      MICROSOFT_APP_ID: microsoftAppId
      MICROSOFT_APP_TENANT_ID: microsoftAppTenantId
      MICROSOFT_APP_PASSWORD: '@Microsoft.KeyVault(SecretUri=${vault.outputs.microsoftAppPasswordUri})'
      DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${vault.outputs.databaseUrlUri})'
      SAFEGUARD_DECISION_LOG_KEY: '@Microsoft.KeyVault(SecretUri=${vault.outputs.decisionLogKeyUri})'
      BOT_SSO_CONNECTION: ssoConnectionName
      SAFEGUARD_APP_ID_URI: appIdUri
      SAFEGUARD_NOTIFICATION_MAILBOX: notificationMailbox
      SAFEGUARD_ORGANISATION_NAME: organisationName
      SAFEGUARD_PRIVACY_CONTACT: privacyContact
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
    }
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    appId: microsoftAppId
    appTenantId: microsoftAppTenantId
    appPassword: microsoftAppPassword
    hostName: app.outputs.hostName
    appIdUri: appIdUri
    ssoConnectionName: ssoConnectionName
    tags: tags
  }
}

// Written by `atk provision` to env/.env.<environment> (names as they are).
output APP_URL string = 'https://${app.outputs.hostName}'
output BOT_DOMAIN string = app.outputs.hostName
output BOT_ID string = microsoftAppId
output BOT_SERVICE_NAME string = bot.outputs.name
output AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id
output AZURE_APP_SERVICE_NAME string = app.outputs.name
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output POSTGRES_SERVER_FQDN string = postgres.outputs.fqdn
// For infra/run-cli.sh: where a one-off CLI container runs, and the identity that pulls its image.
output AZURE_JOBS_SUBNET_ID string = network.outputs.jobsSubnetId
output AZURE_IDENTITY_ID string = identity.id
