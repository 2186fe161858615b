/**
 * Money as exact decimal strings ("1234.50") and integer cents (bigint), never floats: order totals
 * must add up to the cent on every database. Columns are numeric(14,2), so at most 12 integer digits.
 */
const MONEY = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
export const MONEY_PATTERN = MONEY;
export const MAX_CENTS = 10n ** 14n - 1n;

/** "12.5" → 1250n. Throws RangeError for anything that is not a non-negative amount with ≤ 2 decimals. */
export function toCents(value: string | number): bigint {
  // SQLite hands numeric columns back as numbers ("12.5", "12"); their shortest form is exact here.
  const m = MONEY.exec(String(value).trim());
  if (!m) throw new RangeError(`not a money amount: ${String(value)}`);
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** 1250n → "12.50". */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A stored amount in canonical two-decimal form, whatever the driver returned. */
export function normaliseMoney(value: string | number): string {
  return fromCents(toCents(value));
}
