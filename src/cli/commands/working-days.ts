/**
 * `safeguard working-days …`: UK working-day arithmetic for administrators and scripts.
 */
import { createUkCalendar } from '../../calendar/date-holidays-source.js';
import { isIsoDate, isWallTime, type IsoDate, type WallTime } from '../../domain/shared/time.js';
import { type CliIo, instantOption, nationOption, parseOptions, required, UsageError } from '../cli-io.js';

export const WORKING_DAYS_USAGE = `safeguard working-days add --nation NATION --from YYYY-MM-DD --days N [--closure-day YYYY-MM-DD]...
safeguard working-days same-day --nation NATION --at 2026-11-25T14:30:00Z
safeguard working-days within-48h --nation NATION --at 2026-11-25T14:30:00Z
safeguard working-days is-working-day --nation NATION --date YYYY-MM-DD
  --end-of-day HH:MM  end of the working day for same-day deadlines (default 17:00)
  NATION: england-and-wales | scotland | northern-ireland`;

const OPTIONS = {
  nation: { type: 'string' },
  from: { type: 'string' },
  days: { type: 'string' },
  at: { type: 'string' },
  date: { type: 'string' },
  'closure-day': { type: 'string', multiple: true },
  'end-of-day': { type: 'string' },
} as const;

export function workingDaysCommand(args: readonly string[], io: CliIo): number {
  const [action, ...rest] = args;
  const { values } = parseOptions(rest, OPTIONS);
  const closureDays = (values['closure-day'] ?? []).map((d) => dateOption(d, 'closure-day'));
  const endOfDay = values['end-of-day'] === undefined ? undefined : wallTimeOption(values['end-of-day']);
  const calendar = createUkCalendar(nationOption(values.nation), {
    closureDays,
    ...(endOfDay ? { workingDayEnd: endOfDay } : {}),
  });
  switch (action) {
    case 'add':
      io.out(calendar.addWorkingDays(dateOption(values.from, 'from'), daysOption(values.days)));
      return 0;
    case 'same-day':
      io.out(calendar.sameWorkingDayDeadline(instantOption(values.at, 'at')).toISOString());
      return 0;
    case 'within-48h':
      io.out(calendar.withinHoursDeadline(instantOption(values.at, 'at'), 48).toISOString());
      return 0;
    case 'is-working-day': {
      const date = dateOption(values.date, 'date');
      const reason = calendar.nonWorkingReason(date);
      io.out(reason === undefined ? 'yes' : `no (${reason.kind === 'bank-holiday' ? reason.name : reason.kind})`);
      return reason === undefined ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown working-days action "${action ?? ''}"\n${WORKING_DAYS_USAGE}`);
  }
}

function dateOption(value: string | undefined, flag: string): IsoDate {
  const text = required(value, flag);
  if (!isIsoDate(text)) throw new UsageError(`--${flag} must be a date written YYYY-MM-DD (got "${text}")`);
  return text;
}

function daysOption(value: string | undefined): number {
  const text = required(value, 'days');
  if (!/^\d+$/.test(text))
    throw new UsageError(`--days must be a whole number of working days, 0 or more (got "${text}")`);
  return Number(text);
}

function wallTimeOption(text: string): WallTime {
  if (!isWallTime(text)) throw new UsageError(`--end-of-day must be a time written HH:MM (got "${text}")`);
  return text;
}
