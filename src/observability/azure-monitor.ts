/**
 * Azure Monitor (Application Insights) as the trace exporter, when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set. `@azure/monitor-opentelemetry` registers the
 * OpenTelemetry SDK that the spans (pino-telemetry.ts) then feed. It is not a dependency of the
 * product — it brings a whole SDK (tens of MB) most installs never use — so a deployment that
 * wants it installs it beside the server (`npm install @azure/monitor-opentelemetry`); without it
 * the server says so in one line and runs on, untraced.
 * https://learn.microsoft.com/azure/azure-monitor/app/opentelemetry-enable?tabs=nodejs
 */
import type { Telemetry } from '../app/telemetry.js';

/** The package's name in a variable: neither TypeScript nor the bundler may require it to exist. */
const EXPORTER = '@azure/monitor-opentelemetry';

interface AzureMonitorModule {
  useAzureMonitor(options: { azureMonitorExporterOptions: { connectionString: string } }): void;
}

/** True when Azure Monitor now receives the spans. */
export async function startAzureMonitor(connectionString: string | undefined, log: Telemetry): Promise<boolean> {
  if (!connectionString) return false;
  let exporter: AzureMonitorModule;
  try {
    exporter = (await import(EXPORTER)) as AzureMonitorModule;
  } catch {
    log.warn(
      `safeguard: APPLICATIONINSIGHTS_CONNECTION_STRING is set but ${EXPORTER} is not installed, so traces are not exported (npm install ${EXPORTER})`,
    );
    return false;
  }
  try {
    exporter.useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  } catch (error) {
    log.warn('safeguard: Azure Monitor could not be started; traces are not exported', {
      error: error instanceof Error ? error.name : 'unknown error',
    });
    return false;
  }
  log.info('safeguard: traces are exported to Azure Monitor');
  return true;
}
