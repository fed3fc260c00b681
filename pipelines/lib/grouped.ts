/**
 * An integer with its thousands grouped by commas, as en-US prints it (1234567 → "1,234,567"). Written out rather
 * than toLocaleString('en-US'): a process's first use of Intl loads ICU's locale data, about 15 ms of the paper's
 * one-second build, for a comma.
 */
export const grouped = (n: number | bigint): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
