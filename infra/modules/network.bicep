// A virtual network for private access between the app and the database: one subnet delegated to
// App Service (regional VNet integration, outbound from the app), one delegated to PostgreSQL
// Flexible Server (private access: the server has no public endpoint), one for one-off
// administration containers (infra/run-cli.sh: the safeguard CLI next to the database), and the
// private DNS zone in which the server's name resolves to its private address.

@description('Name of the virtual network (also used for the DNS zone and its link).')
param name string

param location string

param addressPrefix string = '10.40.0.0/16'

@description('Subnet for the app\'s VNet integration (at least /28; /26 or larger to scale out).')
param appSubnetPrefix string = '10.40.0.0/24'

@description('Subnet delegated to the database server.')
param postgresSubnetPrefix string = '10.40.1.0/24'

@description('Subnet for one-off CLI containers (Azure Container Instances).')
param jobsSubnetPrefix string = '10.40.2.0/24'

param tags object = {}

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'app-service'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: postgresSubnetPrefix
          delegations: [
            {
              name: 'postgres-flexible-server'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
      {
        name: 'jobs'
        properties: {
          addressPrefix: jobsSubnetPrefix
          // The container pulls its image from the registry's public endpoint (new VNets may make
          // subnets private by default; a NAT gateway is the alternative).
          defaultOutboundAccess: true
          delegations: [
            {
              name: 'container-instances'
              properties: {
                serviceName: 'Microsoft.ContainerInstance/containerGroups'
              }
            }
          ]
        }
      }
    ]
  }
}

// Flexible Server with private access requires a zone named *.postgres.database.azure.com.
resource postgresZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${name}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: postgresZone
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'app')
output jobsSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'jobs')
output postgresSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'postgres')
// The link must exist before the server is created in the zone.
output postgresDnsZoneId string = postgresZone.id
output postgresDnsZoneLinkId string = postgresZoneLink.id
