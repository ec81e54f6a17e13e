import { Transform } from 'class-transformer';

/**
 * Reads an on/off setting from its environment text (true, 1, yes, on / false, 0, no, off; any case): implicit
 * conversion would read "false" as true. Anything else stays text, which `@IsBoolean()` then refuses.
 */
export function EnvironmentFlag(): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseFlag(obj[key]));
}

function parseFlag(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const flag = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(flag)) return true;
  if (['false', '0', 'no', 'off'].includes(flag)) return false;
  return value;
}
