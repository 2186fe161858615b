/**
 * Calendar dates in the company's time zone. Due dates are chosen as days ("by Friday"), stored as
 * instants; the UI and the server both convert with these helpers, so a due date means the same
 * day for everyone in the company wherever their browser is. Pure functions: used on both sides.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** End of the working day: the instant a due date stands for when no time is given. */
export const DUE_TIME = '18:00';
/** Reminders for a due date go out at the start of that working day. */
export const REMIND_TIME = '09:00';

// Building an Intl.DateTimeFormat is expensive (imports and exports call these per row): one per
// time zone and purpose, reused.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(kind: 'parts' | 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}\u0000${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f =
      kind === 'parts'
        ? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        : kind === 'date'
          ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
          : new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    formats.set(key, f);
  }
  return f;
}

function offsetMs(at: number, timeZone: string): number {
  const parts = format('parts', timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant of `date` (YYYY-MM-DD) at `time` (HH:mm) on the wall clock of `timeZone`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const d = DAY.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) throw new RangeError(`invalid date or time: ${date} ${time}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Two passes settle the offset across a daylight-saving change.
  let at = wall - offsetMs(wall, timeZone);
  at = wall - offsetMs(at, timeZone);
  return new Date(at);
}

/** YYYY-MM-DD of `at` on the wall clock of `timeZone`. */
export function zonedDate(at: Date, timeZone: string): string {
  return format('date', timeZone).format(at);
}

/** HH:mm of `at` on the wall clock of `timeZone`. */
export function zonedTime(at: Date, timeZone: string): string {
  return format('time', timeZone).format(at);
}

/** `days` calendar days after today in `timeZone`, as YYYY-MM-DD (for "tomorrow", "next week" chips). */
export function zonedDaysFromNow(days: number, timeZone: string, now = new Date()): string {
  const today = zonedDate(now, timeZone);
  const base = new Date(`${today}T12:00:00Z`);
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}
