import { ValidateBy, type ValidationOptions } from 'class-validator';

/** How large a free-form object a caller may send. */
export interface ObjectBounds {
  /** Nesting levels: 1 = only scalar values. */
  maxDepth: number;
  /** Size of its JSON text. */
  maxBytes: number;
  /** Only string values (credentials). */
  stringValues?: boolean;
}

/**
 * A plain object within `bounds`. Free-form objects are stored as jsonb, logged, fingerprinted and put in events:
 * an unbounded one (a million keys, a thousand levels) must be a VALIDATION_ERROR here, not a 500 further in.
 */
export function BoundedObject(bounds: ObjectBounds, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'boundedObject',
      validator: {
        validate: (value: unknown) => isBounded(value, bounds),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an object of at most ${bounds.maxDepth} level(s) and ${bounds.maxBytes} bytes of JSON` +
          (bounds.stringValues ? ', with string values only' : ''),
      },
    },
    options,
  );
}

function isBounded(value: unknown, bounds: ObjectBounds): boolean {
  if (!isPlainObject(value) || !withinDepth(value, bounds.maxDepth, bounds.stringValues ?? false)) return false;
  return Buffer.byteLength(JSON.stringify(value), 'utf8') <= bounds.maxBytes;
}

// Depth is checked before serialising, so a deeply nested value can't exhaust the stack on the way.
function withinDepth(value: unknown, levels: number, stringValues: boolean): boolean {
  if (value === null || typeof value !== 'object') return !stringValues || typeof value === 'string';
  if (levels === 0 || (stringValues && !isPlainObject(value))) return false;
  return Object.values(value).every((child) => withinDepth(child, levels - 1, stringValues));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
