// Key Vault holding the server's secrets, read by the app through Key Vault references
// (@Microsoft.KeyVault(SecretUri=…)) with its user-assigned managed identity, which gets the
// "Key Vault Secrets User" role on this vault only. RBAC, soft delete and purge protection on.
// Secret URIs are versionless: a new version (rotation) reaches the app within 24 hours or at
// its next restart.

@description('Vault name: 3–24 letters, digits and hyphens, globally unique.')
param name string

param location string

@description('Principal id of the managed identity that reads the secrets.')
param readerPrincipalId string

@secure()
@description('The Entra app registration\'s client secret (MICROSOFT_APP_PASSWORD).')
param microsoftAppPassword string

@secure()
@description('The PostgreSQL connection URL with its password (DATABASE_URL).')
param databaseUrl string

@secure()
@description('The key of the decision log (SAFEGUARD_DECISION_LOG_KEY).')
param decisionLogKey string

param tags object = {}

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'microsoft-app-password'
  properties: {
    value: microsoftAppPassword
    contentType: 'Entra app client secret'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: databaseUrl
    contentType: 'postgres:// URL'
  }
}

resource decisionLogKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'decision-log-key'
  properties: {
    value: decisionLogKey
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output microsoftAppPasswordUri string = appPasswordSecret.properties.secretUri
output databaseUrlUri string = databaseUrlSecret.properties.secretUri
output decisionLogKeyUri string = decisionLogKeySecret.properties.secretUri
