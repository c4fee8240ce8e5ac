/**
 * The Board's reports over REST (issue 10): `GET /api/reports?period=2026-Q4` (or `2026-11`) as
 * JSON, and `GET /api/reports/2026-Q4.csv` as CSV, for the Board's roles and the reports'
 * recipients only (403 otherwise), always of the caller's own organisation. A period's report is
 * the one kept at its end, else computed on demand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { boardReportCsv } from '../app/reports/board-report-csv.js';
import { readBoardReport } from '../app/reports/board-reports.js';
import type { AppDeps, Caller } from '../app/ports.js';
import type { BoardReportView } from './contract.js';
import { HttpError, sendError, sendJson } from './http-json.js';

/** What the reports need of the API's dependencies (ApiDeps has them). */
interface ReportDeps {
  readonly app: AppDeps;
  readonly authenticate: (req: IncomingMessage) => Promise<Caller>;
}

/** As the every-event-on-every-surface test lists routes. */
export const REPORT_ROUTES = ['GET /api/reports', 'GET /api/reports/:period.csv'] as const;

const CSV_PATH = /^\/api\/reports\/([^/]+)\.csv$/;

/** Answers a reports request, or returns false when `path` is not one (handleApi goes on). */
export async function handleReports(
  deps: ReportDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const csv = CSV_PATH.exec(path);
  if (path !== '/api/reports' && !csv) return false;
  try {
    if (req.method !== 'GET')
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not supported on ${path}`);
    const caller: Caller = { ...(await deps.authenticate(req)), surface: 'api' };
    const period = csv ? decodeURIComponent(csv[1] as string) : periodParameter(req);
    const answer = await readBoardReport(deps.app, caller, period);
    if (!csv) {
      sendJson(res, 200, answer satisfies BoardReportView);
      return true;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="board-report-${answer.report.period.id}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(boardReportCsv(answer.report));
  } catch (error) {
    sendError(res, error);
  }
  return true;
}

function periodParameter(req: IncomingMessage): string {
  const period = new URL(req.url ?? '/', 'http://localhost').searchParams.get('period');
  if (!period)
    throw new HttpError(
      400,
      'VALIDATION.INVALID',
      'period: is required (a month such as 2026-11 or a quarter such as 2026-Q4)',
    );
  return period;
}
