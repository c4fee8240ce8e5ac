// The server on Azure App Service (Linux, Web App for Containers): the image from the registry,
// pulled with the managed identity; secrets as Key Vault references resolved with the same
// identity; outbound to the database through the VNet (regional VNet integration); Always On
// (each instance runs the reminder sweeper on a timer) and several instances behind App
// Service's load balancer, each taken out of rotation while /readyz fails.

param planName string
param siteName string
param location string

@description('Linux plan SKU, e.g. B1 (one small instance), P0v3 or P1v3 (production).')
param sku string = 'P0v3'

@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Image reference without the registry, e.g. safeguard:20261203-1.')
param image string

param registryLoginServer string

param identityId string
param identityClientId string

param appSubnetId string
param logAnalyticsWorkspaceId string

@description('Host name the app is reached at: <site>.azurewebsites.net, or a custom domain bound to it.')
param hostName string

@description('Settings beside the computed ones (name → value; Key Vault references as @Microsoft.KeyVault(SecretUri=…)).')
param appSettings object

param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: appSubnetId
    siteConfig: {
      linuxFxVersion: 'DOCKER|${registryLoginServer}/${image}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identityClientId
      alwaysOn: true
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Only private-range traffic (the database) goes through the VNet; Teams, Graph and Entra
      // are reached directly, so the subnet needs no NAT gateway.
      vnetRouteAllEnabled: false
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    WEBSITES_PORT: '3978'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    PORT: '3978'
    HOST: '0.0.0.0'
    SAFEGUARD_PUBLIC_URL: 'https://${hostName}'
  })
}

// Console output (the server's log lines, which carry no personal data) and platform events.
// Not the HTTP access log: request URLs can carry case references (?caseReference=).
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output id string = site.id
output name string = site.name
output hostName string = hostName
