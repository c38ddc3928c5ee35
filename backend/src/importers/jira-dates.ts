const API_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(?:(Z)|([+-]\d{2}):?(\d{2}))$/;

/**
 * Normalises a Jira REST timestamp (`2024-01-02T03:04:05.000+0100`: an offset without a colon,
 * which is not ISO 8601 extended format) to `2024-01-02T03:04:05.000+01:00`. The offset is kept,
 * not converted, so nothing is lost. Values of any other shape are returned unchanged, so the
 * CaseRecord schema rejects them with the field's name instead of this function guessing.
 */
export function jiraApiTimestamp(value: string): string {
  const m = API_TIMESTAMP.exec(value.trim());
  if (!m) return value;
  const [, date = '', hm = '', seconds = ':00', zulu, offsetHours, offsetMinutes] = m;
  const zone = zulu ? 'Z' : `${offsetHours ?? ''}:${offsetMinutes ?? ''}`;
  return `${date}T${hm}${seconds}${zone}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// `02/Jan/24 3:04 PM` (Jira's default `dd/MMM/yy h:mm a`), also with a 4-digit year, 24-hour time,
// seconds, or no time at all.
const DAY_MONTH_YEAR =
  /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/;
// `2024-01-02 15:04` / `2024-01-02T15:04:05` (ISO-like site formats), optionally with an offset.
const YEAR_MONTH_DAY =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoFromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: string,
): string | undefined {
  // Round-trip through Date.UTC to reject 31/Feb, 25:00 and the like rather than roll them over.
  const t = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    t.getUTCFullYear() !== year ||
    t.getUTCMonth() !== month - 1 ||
    t.getUTCDate() !== day ||
    t.getUTCHours() !== hour ||
    t.getUTCMinutes() !== minute ||
    t.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}`;
}

/**
 * Parses a date cell of a Jira CSV export into ISO 8601, or returns `undefined` when the cell is in
 * none of the supported forms (the caller rejects the row instead of guessing).
 *
 * Supported: `dd/MMM/yy h:mm a` (Jira's default, English month abbreviations, any case),
 * `dd/MMM/yyyy`, 24-hour times, optional seconds, date only; and `yyyy-MM-dd[ HH:mm[:ss]]`,
 * optionally with `T` and an offset. Jira writes CSV dates in the exporting user's time zone
 * without saying which, so zone-less values are read as UTC (as the csv importer does): order within
 * an export is kept, absolute times may be off by that user's offset. Two-digit years follow the
 * POSIX `%y` rule: 69-99 are 1969-1999, 00-68 are 2000-2068.
 */
export function parseJiraCsvDate(value: string): string | undefined {
  const text = value.trim();
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) {
    const [, d = '', mon = '', y = '', h, min, s, ampm] = dmy;
    const month = MONTHS.indexOf(mon.toLowerCase()) + 1;
    if (month === 0) return undefined;
    let year = Number(y);
    if (y.length === 2) year += year >= 69 ? 1900 : 2000;
    let hour = h === undefined ? 0 : Number(h);
    if (ampm) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    }
    return isoFromParts(year, month, Number(d), hour, Number(min ?? 0), Number(s ?? 0), 'Z');
  }
  const ymd = YEAR_MONTH_DAY.exec(text);
  if (ymd) {
    const [, y = '', mo = '', d = '', h, min, s, zone] = ymd;
    const offset = zone === undefined || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    return isoFromParts(
      Number(y),
      Number(mo),
      Number(d),
      Number(h ?? 0),
      Number(min ?? 0),
      Number(s ?? 0),
      offset,
    );
  }
  return undefined;
}
