import { DomainError, DomainErrorCode } from '@ppm/domain';

/** Someone saved the aggregate since it was loaded (or a racing duplicate won): reload and decide again. */
export function concurrentModification(aggregateType: string, id: string): DomainError {
  return new DomainError(
    DomainErrorCode.CONCURRENT_MODIFICATION,
    `The ${aggregateType} was changed by someone else; reload it and try again`,
    { aggregateType, id },
  );
}

/** The caller's source transaction already has a live payment. */
export function duplicateSourceTransaction(boundedContext: string, transactionId: string): DomainError {
  return new DomainError(
    DomainErrorCode.DUPLICATE_SOURCE_TRANSACTION,
    'This source transaction already has a payment that is not failed, cancelled or expired',
    { sourceBoundedContext: boundedContext, sourceTransactionId: transactionId },
  );
}

/** The tenant already has a gateway configuration of that name. */
export function gatewayConfigNameTaken(name: string): DomainError {
  return new DomainError(DomainErrorCode.GATEWAY_CONFIG_NAME_TAKEN, 'A gateway configuration with this name exists', {
    name,
  });
}
