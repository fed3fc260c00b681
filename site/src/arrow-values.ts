// The values of a query result as DuckDB prints them. DuckDB-WASM hands the console Arrow record batches, and
// apache-arrow's own reading of several types is not DuckDB's text: a DECIMAL comes back unscaled (0.5 as 5), a DATE
// or TIMESTAMP as epoch milliseconds (a TIMESTAMP's microseconds rounded in a double, infinity an exception), a TIME
// as a count of microseconds, an INTERVAL (MONTH_DAY_NANO) as two of its four numbers, a BLOB as a list of bytes.
// These are read from the column's buffers and written as DuckDB's cast to VARCHAR writes them; every other type
// keeps apache-arrow's value, so BIGINT, DOUBLE and text read as before.

import type { Value } from './values.ts';

/** The parts of an Arrow column read here: apache-arrow 17's Vector of one record batch (one Data), as DuckDB-WASM gives it. */
export interface ArrowColumn {
  readonly type: ArrowType;
  readonly data: readonly { readonly offset: number; readonly values: ArrayLike<number | bigint> }[];
  get(index: number): unknown;
  isValid(index: number): boolean;
}

export interface ArrowType {
  readonly typeId: number;
  readonly scale?: number;
  readonly bitWidth?: number;
  readonly unit?: number;
  readonly timezone?: string | null;
}

// Arrow's type ids (Schema.fbs; the same numbers in every apache-arrow release). Numbers rather than apache-arrow's
// enum: the project's apache-arrow (21) is not the one DuckDB-WASM bundles (17), and neither need load before the
// console is used.
const TYPE = {
  Int: 2,
  Float: 3,
  Binary: 4,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  LargeBinary: 19,
};
const DATE_DAY = 0;
const INTERVAL = { YearMonth: 0, DayTime: 1, MonthDayNano: 2 };
/** Digits after the second of each Arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND. */
const FRACTION_DIGITS = [0, 3, 6, 9];

// DuckDB's infinite dates and timestamps, exported to Arrow as these raw numbers.
const DATE_INFINITY = 2_147_483_647;
const TIMESTAMP_INFINITY = 9_223_372_036_854_775_807n;

/** A value as DuckDB prints it (DECIMAL, DATE, …): shown and written to CSV as this text, never regrouped. */
export class DuckDBText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Columns whose values are numbers, aligned right in the result table. */
export function isNumeric(type: ArrowType): boolean {
  return type.typeId === TYPE.Int || type.typeId === TYPE.Float || type.typeId === TYPE.Decimal;
}

/** Reads a row of a column as the console shows it: NULL as null, DuckDB's text where apache-arrow's value is not it. */
export function columnReader(column: ArrowColumn): (index: number) => Value {
  const text = textReader(column);
  if (text === undefined) return (i) => (column.get(i) ?? null) as Value;
  return (i) => (column.isValid(i) ? new DuckDBText(text(i)) : null);
}

function textReader(column: ArrowColumn): ((index: number) => string) | undefined {
  const { type } = column;
  const { offset, values } = column.data[0]!;
  const unit = type.unit ?? 0;
  switch (type.typeId) {
    case TYPE.Decimal: {
      const words = (type.bitWidth ?? 128) / 32;
      return (i) => decimalText(values as Uint32Array, (offset + i) * words, words, type.scale ?? 0);
    }
    case TYPE.Date:
      return unit === DATE_DAY ? (i) => dateText(Number(values[offset + i])) : undefined;
    case TYPE.Timestamp:
      return (i) => timestampText(BigInt(values[offset + i]!), FRACTION_DIGITS[unit]!, Boolean(type.timezone));
    case TYPE.Time:
      return (i) => clockText(BigInt(values[offset + i]!), FRACTION_DIGITS[unit]!);
    case TYPE.Interval:
      return (i) => intervalText(...intervalParts(values as Int32Array, offset + i, unit));
    case TYPE.Binary:
    case TYPE.LargeBinary:
      return (i) => blobText(column.get(i) as Uint8Array);
    default:
      return undefined;
  }
}

/** A DECIMAL from its little-endian two's-complement 32-bit words, with exactly `scale` digits after the point. */
function decimalText(words: Uint32Array, at: number, count: number, scale: number): string {
  let n = 0n;
  for (let w = count - 1; w >= 0; w--) n = (n << 32n) | BigInt(words[at + w]!);
  if (words[at + count - 1]! >= 0x8000_0000) n -= 1n << BigInt(32 * count);
  const sign = n < 0n ? '-' : '';
  const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
  return scale === 0 ? sign + digits : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days: exact for any year). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const two = (n: number | bigint) => String(n).padStart(2, '0');

/** 2024-03-01; year 0 and before as DuckDB writes them, 0001-01-01 (BC); ±infinity. */
function dateText(days: number): string {
  if (Math.abs(days) === DATE_INFINITY) return days > 0 ? 'infinity' : '-infinity';
  const [year, month, day] = civilFromDays(days);
  const shownYear = String(year > 0 ? year : 1 - year).padStart(4, '0');
  return `${shownYear}-${two(month)}-${two(day)}${year > 0 ? '' : ' (BC)'}`;
}

/** HH:MM:SS with the fraction of a second DuckDB shows: none when zero, else without trailing zeros. */
function clockText(ticks: bigint, fractionDigits: number): string {
  const perSecond = 10n ** BigInt(fractionDigits);
  const seconds = ticks / perSecond;
  const fraction = ticks % perSecond;
  const clock = `${two(seconds / 3600n)}:${two((seconds / 60n) % 60n)}:${two(seconds % 60n)}`;
  return fraction === 0n ? clock : `${clock}.${String(fraction).padStart(fractionDigits, '0').replace(/0+$/, '')}`;
}

/** A TIMESTAMP in any unit; a TIMESTAMPTZ in UTC with +00, as DuckDB-WASM's session (time zone UTC) prints it. */
function timestampText(ticks: bigint, fractionDigits: number, zoned: boolean): string {
  if (ticks === TIMESTAMP_INFINITY || ticks === -TIMESTAMP_INFINITY) return ticks > 0n ? 'infinity' : '-infinity';
  const perDay = 86_400n * 10n ** BigInt(fractionDigits);
  let days = ticks / perDay;
  let rest = ticks % perDay;
  if (rest < 0n) {
    days -= 1n;
    rest += perDay;
  }
  return `${dateText(Number(days))} ${clockText(rest, fractionDigits)}${zoned ? '+00' : ''}`;
}

/** Months, days and microseconds of an Arrow interval of any unit (DuckDB exports MONTH_DAY_NANO). */
function intervalParts(v: Int32Array, index: number, unit: number): [number, number, bigint] {
  if (unit === INTERVAL.YearMonth) return [v[index]!, 0, 0n];
  if (unit === INTERVAL.DayTime) return [0, v[2 * index]!, BigInt(v[2 * index + 1]!) * 1000n];
  const at = 4 * index;
  const nanos = (BigInt(v[at + 3]!) << 32n) | BigInt(v[at + 2]! >>> 0);
  return [v[at]!, v[at + 1]!, nanos / 1000n];
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 || n === -1 ? '' : 's'}`;

/** DuckDB's text of an interval: `1 year 2 months 3 days 04:05:06.5`, `-1 day`, `00:00:00` when empty. */
function intervalText(months: number, days: number, micros: bigint): string {
  const years = Math.trunc(months / 12);
  const parts = [
    years ? count(years, 'year') : '',
    months % 12 ? count(months % 12, 'month') : '',
    days ? count(days, 'day') : '',
  ];
  if (micros !== 0n) parts.push((micros < 0n ? '-' : '') + clockText(micros < 0n ? -micros : micros, 6));
  return parts.filter(Boolean).join(' ') || '00:00:00';
}

/** A BLOB as DuckDB prints it: printable ASCII as is, other bytes (and \ ' ") as \xAB. */
function blobText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const plain = b >= 32 && b <= 126 && b !== 0x5c && b !== 0x27 && b !== 0x22;
    s += plain ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return s;
}
