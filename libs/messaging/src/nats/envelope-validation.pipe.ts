import type { PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ContractError, ErrorCode, RequestMetaDto, type RequestEnvelope } from '@ppm/contracts';

/** One field that failed validation, named by its path in the request (`data.amount`). */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * Validates a NATS request envelope: `meta` against the contract and `data` against the command's DTO, refusing
 * unknown fields. A bad request becomes VALIDATION_ERROR naming every bad field; nothing reaches the handler.
 */
export class EnvelopeValidationPipe<T extends object> implements PipeTransform<unknown, RequestEnvelope<T>> {
  constructor(private readonly dataType: Type<T>) {}

  transform(value: unknown): RequestEnvelope<T> {
    const envelope = (value && typeof value === 'object' ? value : {}) as Partial<Record<'meta' | 'data', unknown>>;
    const meta = plainToInstance(RequestMetaDto, asObject(envelope.meta));
    const data = plainToInstance(this.dataType, asObject(envelope.data));
    const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
    const problems = [...flatten(validateSync(meta, options), 'meta'), ...flatten(validateSync(data, options), 'data')];
    if (problems.length > 0) {
      throw new ContractError(
        ErrorCode.VALIDATION_ERROR,
        `Invalid request: ${problems.map((p) => p.field).join(', ')}`,
        { fields: problems },
      );
    }
    return { meta, data };
  }
}

function asObject(value: unknown): object {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = `${prefix}.${error.property}`;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
