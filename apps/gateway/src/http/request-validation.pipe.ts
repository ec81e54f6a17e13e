import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '@ppm/contracts';
import type { FieldProblem } from '@ppm/messaging';
import { EdgeError } from './edge-error';

/**
 * Validates bodies, query strings and path parameters against their DTO classes: unknown fields are refused, and a
 * bad request becomes 400 VALIDATION_ERROR with `details.fields` naming every bad field, like the NATS contract.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flatten(errors, '');
      return new EdgeError(ErrorCode.VALIDATION_ERROR, `Invalid request: ${fields.map((f) => f.field).join(', ')}`, {
        fields,
      });
    },
  });
}

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
