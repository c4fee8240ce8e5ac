// Azure Database for PostgreSQL Flexible Server with private access only (a delegated subnet and
// a private DNS zone; no public endpoint), TLS required (TLS 1.2 or later), and the application's
// database. Several app instances share it: reminders are claimed with row locks, migrations run
// under an advisory lock at each start.

param name string
param location string

@allowed([
  '15'
  '16'
  '17'
])
param version string = '16'

param administratorLogin string

@secure()
param administratorPassword string

@description('Compute, e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param tier string = 'Burstable'

param storageSizeGB int = 32

@minValue(7)
@maxValue(35)
param backupRetentionDays int = 14

@description('Zone-redundant high availability (GeneralPurpose or MemoryOptimized only).')
param highAvailability bool = false

param delegatedSubnetId string
param privateDnsZoneId string
param databaseName string = 'safeguard'
param tags object = {}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: tier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

// Server parameters change one at a time (a second concurrent change fails with ServerIsBusy).
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource minimumTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [
    requireTls
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    minimumTls
  ]
}

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
