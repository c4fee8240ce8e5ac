// Parameters for a deployment with the Azure CLI (docs/deploy.md), read from the environment:
//   az deployment group create --resource-group <rg> --template-file infra/main.bicep --parameters infra/main.bicepparam
// `atk provision` uses main.parameters.json instead (the same values from env/.env.<environment>).
using './main.bicep'

param resourceBaseName = readEnvironmentVariable('RESOURCE_BASE_NAME', 'sgprod')
param microsoftAppId = readEnvironmentVariable('MICROSOFT_APP_ID')
param microsoftAppPassword = readEnvironmentVariable('MICROSOFT_APP_PASSWORD')
param microsoftAppTenantId = readEnvironmentVariable('MICROSOFT_APP_TENANT_ID')
param appServiceSku = readEnvironmentVariable('APP_SERVICE_SKU', 'P0v3')
param instanceCount = int(readEnvironmentVariable('INSTANCE_COUNT', '2'))
param imageTag = readEnvironmentVariable('IMAGE_TAG', 'latest')
param publicHostName = readEnvironmentVariable('PUBLIC_HOST_NAME', '')
param notificationMailbox = readEnvironmentVariable('SAFEGUARD_NOTIFICATION_MAILBOX', '')
param organisationName = readEnvironmentVariable('SAFEGUARD_ORGANISATION_NAME', '')
param privacyContact = readEnvironmentVariable('SAFEGUARD_PRIVACY_CONTACT', '')
param decisionLogKey = readEnvironmentVariable('SAFEGUARD_DECISION_LOG_KEY')
param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param postgresSkuName = readEnvironmentVariable('POSTGRES_SKU_NAME', 'Standard_B1ms')
param postgresTier = readEnvironmentVariable('POSTGRES_TIER', 'Burstable')
