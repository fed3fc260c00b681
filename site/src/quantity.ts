// Counts as people read them: "175 B" and "1.8 T" in English, "1750 亿" and "1.8 万亿" in Chinese (the units the
// paper itself prints), sizes in bytes as "45 TB" in both. One function formats every count the page shows (cells,
// the pane, chart axes); the exact count stays beside it (hover, the pane). parseQuantity reads the same forms back,
// for the range filters. No DOM here: the tests import this file.

export type Lang = 'zh' | 'en';

/** Units by size: English short scale (K, M, B, T), Chinese 万-based (万, 亿, 万亿), decimal bytes. */
const TIERS: Record<'en' | 'zh' | 'bytes', [number, string][]> = {
  en: [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ],
  zh: [
    [1e12, '万亿'],
    [1e8, '亿'],
    [1e4, '万'],
  ],
  bytes: [
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ],
};

/** Largest mantissa a tier shows before the next tier takes over: 9999 亿 then 1 万亿, 999 B then 1 T. */
const LIMIT: Record<keyof typeof TIERS, number> = { en: 1000, zh: 10000, bytes: 1000 };

/** Four significant digits at most, without trailing zeros: 1750, 1.8, 1.085. */
function mantissa(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * A count in the reader's units: `unit` 'bytes' gives TB/GB (the paper's TB), any other unit or none gives the
 * language's scale. Below the first tier the number is written out (520, 9999 in Chinese); NULL stays NULL.
 */
export function formatQuantity(n: number | bigint | null, lang: Lang, unit?: string | null): string {
  if (n === null) return 'NULL';
  const value = Number(n);
  const scale = unit === 'bytes' ? 'bytes' : lang;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const tiers = TIERS[scale];
  for (let i = 0; i < tiers.length; i++) {
    const [size, name] = tiers[i]!;
    if (abs < size) continue;
    const m = Number(mantissa(abs / size));
    // 999,950,000 rounds to 1000 M: one tier up reads 1 B. The top tier has no next one: 1000 万亿 stays.
    if (m >= LIMIT[scale] && i > 0) return `${sign}${mantissa(abs / tiers[i - 1]![0])} ${tiers[i - 1]![1]}`;
    return `${sign}${mantissa(abs / size)} ${name}`;
  }
  const plain = Number.isInteger(abs) ? String(abs) : mantissa(abs);
  return `${sign}${plain}${scale === 'bytes' ? ' bytes' : ''}`;
}

/** The exact count with digit grouping, as the hover text and the pane give it: 175,000,000,000. */
export function exactCount(n: number | bigint): string {
  return (typeof n === 'bigint' ? n : BigInt(Math.round(n))).toLocaleString('en-US');
}

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  b: 1e9,
  g: 1e9,
  t: 1e12,
  p: 1e15,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  万: 1e4,
  亿: 1e8,
  万亿: 1e12,
  千亿: 1e11,
  百亿: 1e10,
  十亿: 1e9,
  千万: 1e7,
  百万: 1e6,
  千: 1e3,
};

/**
 * A number as a person types it into a range filter: 1e11, 100,000,000,000, 100B, 100 b, 1000亿, 1.8 万亿, 45TB.
 * undefined for anything else (the filter then says it cannot read the value).
 */
export function parseQuantity(text: string): number | undefined {
  const m = /^\s*([+-]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+))(?:e([+-]?\d+))?\s*([a-z\u4e00-\u9fff]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = SUFFIX[m[3]!.toLowerCase()];
  if (factor === undefined) return undefined;
  // 1.8 × 10^12 read as the decimal 1.8e12, not 1.8 * 1e12 (1799999999999.9998).
  const value = Number(`${m[1]!.replace(/[,_]/g, '')}e${Number(m[2] ?? 0) + Math.round(Math.log10(factor))}`);
  return Number.isFinite(value) ? value : undefined;
}
