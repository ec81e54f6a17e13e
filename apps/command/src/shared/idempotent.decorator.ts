import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_RULE, type IdempotencyRule } from './idempotency-rule';

/**
 * Marks a NATS command handler idempotent: it returns its `IdempotentCommand` (built from the validated envelope)
 * and the interceptor runs it at most once per key, read from `meta.idempotencyKey` of `meta.tenantId` in
 * `rule.scope`. The envelope is validated before any key is looked at, so an invalid request never touches one.
 */
export function Idempotent(rule: IdempotencyRule): MethodDecorator {
  return applyDecorators(SetMetadata(IDEMPOTENCY_RULE, rule), UseInterceptors(IdempotencyInterceptor));
}
