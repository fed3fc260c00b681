/**
 * A number with its thousands grouped by commas, as en-US prints it (1234567 → "1,234,567"). Written out rather
 * than toLocaleString('en-US'): a process's first use of Intl loads ICU's locale data, about 15 ms of the paper's
 * one-second build, for a comma. Only integers that String prints in full are written out: a fraction
 * (LME_DOWNLOAD_MAX_BYTES=1234.5678 gave "1,234.5,678"), an exponent (1e21) and -0 go to toLocaleString.
 */
export const grouped = (n: number | bigint): string =>
  typeof n === 'bigint' || (Number.isSafeInteger(n) && !Object.is(n, -0))
    ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    : n.toLocaleString('en-US');
