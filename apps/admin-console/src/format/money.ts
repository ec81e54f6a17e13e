/** The console's languages; Vietnamese first, as PPM's merchants are. */
export type Locale = 'vi' | 'en';

const INTL_LOCALE: Readonly<Record<Locale, string>> = { vi: 'vi-VN', en: 'en-US' };

/** The BCP 47 locale Intl formats a console language with. */
export function intlLocaleOf(locale: Locale): string {
  return INTL_LOCALE[locale];
}

/** How many minor units a currency has (VND 0, USD 2), as ISO 4217 and Intl know it. */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
}

/** An amount of integer minor units as the locale writes money: `150.000 ₫` in Vietnamese. */
export function formatMoney(minorUnits: number, currency: string, locale: Locale): string {
  const digits = minorDigitsOf(currency);
  return new Intl.NumberFormat(intlLocaleOf(locale), { style: 'currency', currency }).format(minorUnits / 10 ** digits);
}

/**
 * What a person typed as an amount of `currency` (`50000`, `50.000`, `12.50`), in integer minor units; undefined
 * when it is no amount or has more decimals than the currency has.
 */
export function parseMajorAmount(text: string, currency: string): number | undefined {
  const digits = minorDigitsOf(currency);
  const compact = text.replace(/[\s\u00a0]/g, '');
  // Without minor units a dot or comma can only group thousands; with them the last one separates decimals.
  const normalized =
    digits === 0 ? compact.replace(/[.,]/g, '') : compact.replace(/[.,](?=\d*[.,])/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalized)) return undefined;
  const [whole = '0', fraction = ''] = normalized.split('.');
  if (fraction.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units as the plain number a person would type back (no grouping, the currency's decimals). */
export function majorAmountText(minorUnits: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  return digits === 0 ? String(minorUnits) : (minorUnits / 10 ** digits).toFixed(digits);
}
