#!/usr/bin/env bash
# Runs the safeguard CLI once against the deployment's database, in a container next to it (Azure
# Container Instances in the VNet's jobs subnet, the app's image), prints its output and removes
# the container. The database has no public endpoint, so this is how an administrator adds an
# organisation, exports records or verifies the decision log:
#
#   RESOURCE_GROUP=<rg> bash infra/run-cli.sh tenants add --id <Entra tenant id> --name "<name>" --pack <pack id> --domain <domain>
#
# Needs `az login` with rights on the resource group and to read the vault's secrets (e.g. the
# "Key Vault Secrets User" role on it). DEPLOYMENT_NAME: the deployment that created the resources
# (`atk provision` names it safeguarding).
set -euo pipefail
: "${RESOURCE_GROUP:?set RESOURCE_GROUP}"
[[ $# -gt 0 ]] || { echo "usage: RESOURCE_GROUP=<rg> bash infra/run-cli.sh <safeguard arguments…>" >&2; exit 2; }
output() { az deployment group show --resource-group "$RESOURCE_GROUP" --name "${DEPLOYMENT_NAME:-safeguarding}" --query "properties.outputs.$1.value" --output tsv; }

registry="$(output AZURE_CONTAINER_REGISTRY_NAME)"
vault="$(output AZURE_KEY_VAULT_NAME)"
subnet="$(output AZURE_JOBS_SUBNET_ID)"
identity="$(output AZURE_IDENTITY_ID)"
server="$(az acr show --name "$registry" --query loginServer --output tsv)"
database_url="$(az keyvault secret show --vault-name "$vault" --name database-url --query value --output tsv)"
name="safeguard-cli-$(date -u +%Y%m%d%H%M%S)"
command_line="node dist/cli/main.js$(printf ' %q' "$@")"

az container create --resource-group "$RESOURCE_GROUP" --name "$name" --image "$server/safeguard:latest" \
  --os-type Linux --cpu 1 --memory 1.5 --restart-policy Never --subnet "$subnet" \
  --assign-identity "$identity" --acr-identity "$identity" \
  --secure-environment-variables DATABASE_URL="$database_url" \
  --command-line "$command_line" --output none
trap 'az container delete --resource-group "$RESOURCE_GROUP" --name "$name" --yes --output none' EXIT
until state="$(az container show --resource-group "$RESOURCE_GROUP" --name "$name" --query 'containers[0].instanceView.currentState.state' --output tsv)" && [[ "$state" == Terminated ]]; do sleep 5; done
az container logs --resource-group "$RESOURCE_GROUP" --name "$name"
exit "$(az container show --resource-group "$RESOURCE_GROUP" --name "$name" --query 'containers[0].instanceView.currentState.exitCode' --output tsv)"
