#!/usr/bin/env bash
# `atk deploy` (m365agents.yml), or by hand after `az login`:
#   REGISTRY_NAME=<registry> APP_SERVICE_RESOURCE_ID=<app resource id> bash infra/deploy-image.sh
# Builds the Dockerfile in Azure Container Registry from this checkout (no local Docker), tags
# it with the commit and time and as latest (what a later provision runs), points the App
# Service at the new tag and waits until the app answers /readyz.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REGISTRY_NAME:?set REGISTRY_NAME (AZURE_CONTAINER_REGISTRY_NAME from provision)}"
: "${APP_SERVICE_RESOURCE_ID:?set APP_SERVICE_RESOURCE_ID (AZURE_APP_SERVICE_RESOURCE_ID from provision)}"

tag="$(git rev-parse --short=12 HEAD 2>/dev/null || echo local)-$(date -u +%Y%m%d%H%M%S)"
server="$(az acr show --name "$REGISTRY_NAME" --query loginServer --output tsv)"
echo "deploy: building safeguard:$tag in $server"
az acr build --registry "$REGISTRY_NAME" --image "safeguard:$tag" --image safeguard:latest --file Dockerfile .
az webapp config container set --ids "$APP_SERVICE_RESOURCE_ID" --container-image-name "$server/safeguard:$tag" --output none
host="$(az webapp show --ids "$APP_SERVICE_RESOURCE_ID" --query defaultHostName --output tsv)"
echo "deploy: waiting for https://$host/readyz"
for _ in $(seq 1 60); do
  if curl --silent --fail --max-time 10 "https://$host/readyz" >/dev/null; then echo "deploy: safeguard:$tag is ready at https://$host"; exit 0; fi
  sleep 10
done
echo "deploy: https://$host/readyz did not answer 200 within 10 minutes; see the app's log stream (az webapp log tail --ids …)" >&2
exit 1
