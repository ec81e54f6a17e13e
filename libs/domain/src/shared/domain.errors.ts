import { DomainError } from './domain-error';
import { DomainErrorCode } from './domain-error-codes';

/**
 * A command the state machine of `subject` does not allow in its current state.
 * @param subject what refused, in the domain's words (`payment`, `refund`, `payment attempt`).
 * @param from the state it is in.
 * @param attempted what was asked of it (a trigger or command name).
 */
export function invalidStateTransition(
  subject: string,
  from: string,
  attempted: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError {
  return new DomainError(
    DomainErrorCode.INVALID_STATE_TRANSITION,
    `A ${subject} in status ${from} does not accept ${attempted}`,
    { subject, from, attempted, ...details },
  );
}

/** An amount that is not acceptable here (zero, negative). Details carry minor units as a decimal string. */
export function invalidAmount(message: string, details: Readonly<Record<string, unknown>> = {}): DomainError {
  return new DomainError(DomainErrorCode.INVALID_AMOUNT, message, details);
}

/** An amount in a currency other than the one it must be in. */
export function invalidCurrency(expected: string, actual: string): DomainError {
  return new DomainError(DomainErrorCode.INVALID_CURRENCY, `Expected an amount in ${expected}, got ${actual}`, {
    expected,
    actual,
  });
}

/** An input that breaks an invariant no more specific code describes. `field` names it; values stay out. */
export function validationError(field: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.VALIDATION_ERROR, message, { field });
}
