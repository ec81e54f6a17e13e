import { DomainError } from '../shared/domain-error';
import { failure, success, type Result } from '../shared/result';
import { type Currency, isCurrency } from './currency';

/**
 * An amount of money: integer minor units of one ISO 4217 currency. Immutable; arithmetic is currency-checked
 * and exact. Amounts are held as `bigint` so no operation can round; `number` inputs must be safe integers.
 */
export class Money {
  private constructor(
    readonly minorUnits: bigint,
    readonly currency: Currency,
  ) {}

  /** Parses an amount from the outside world: a safe integer (or bigint) of minor units and a currency code. */
  static of(minorUnits: number | bigint | string, currency: string): Result<Money> {
    if (!isCurrency(currency)) {
      return failure(new DomainError('INVALID_CURRENCY', `Currency ${currency} is not supported`, { currency }));
    }
    const units = Money.toBigInt(minorUnits);
    if (units === null) {
      return failure(
        new DomainError('INVALID_AMOUNT', 'Amount must be an integer number of minor units', {
          amount: String(minorUnits),
        }),
      );
    }
    return success(new Money(units, currency));
  }

  /** Zero in the given currency. */
  static zero(currency: Currency): Money {
    return new Money(0n, currency);
  }

  private static toBigInt(value: number | bigint | string): bigint | null {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
    return /^-?\d+$/.test(value) ? BigInt(value) : null;
  }

  /** The sum of two amounts of the same currency. */
  add(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.minorUnits + other.minorUnits, this.currency);
  }

  /** The difference of two amounts of the same currency (may be negative). */
  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.minorUnits - other.minorUnits, this.currency);
  }

  isPositive(): boolean {
    return this.minorUnits > 0n;
  }

  isNegative(): boolean {
    return this.minorUnits < 0n;
  }

  /** Compares two amounts of the same currency: -1, 0 or 1. */
  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.minorUnits < other.minorUnits ? -1 : this.minorUnits > other.minorUnits ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.minorUnits === other.minorUnits;
  }

  /** Minor units as a JSON-safe decimal string (bigint has no JSON form). */
  toJSON(): { amount: string; currency: Currency } {
    return { amount: this.minorUnits.toString(), currency: this.currency };
  }

  // Mixing currencies is a programming error, not a business outcome: it must never reach a ledger.
  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new TypeError(`Cannot combine ${this.currency} with ${other.currency}`);
    }
  }
}
