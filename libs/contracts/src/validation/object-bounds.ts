import type { ObjectBounds } from './bounded-object';

/** A caller's own data on a payment: a few levels, a few KB (it travels in every event of the payment). */
export const METADATA_BOUNDS: ObjectBounds = { maxDepth: 5, maxBytes: 8_192 };

/** A gateway account's keys: one flat level of strings. */
export const CREDENTIALS_BOUNDS: ObjectBounds = { maxDepth: 1, maxBytes: 4_096, stringValues: true };

/** One risk rule: its fields and one list of up to a thousand values (the domain checks what they say). */
export const RISK_RULE_BOUNDS: ObjectBounds = { maxDepth: 2, maxBytes: 64_000 };
