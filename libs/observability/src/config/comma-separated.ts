import { Transform } from 'class-transformer';

/** The items of a comma-separated text, trimmed, empty ones dropped: `"a, b,,c"` → `['a', 'b', 'c']`. */
export function commaSeparatedItems(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Reads a setting that arrives as comma-separated text (an environment variable) as a list, each item through
 * `item` (e.g. to numbers); anything but text is left for validation to judge.
 */
export function CommaSeparated(item: (text: string) => unknown = (text) => text): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const value = obj[key];
    return typeof value === 'string' ? commaSeparatedItems(value).map(item) : value;
  });
}
