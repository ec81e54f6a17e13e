/**
 * The fields every domain event of PPM has. Events carry no ids of their own and no version: the outbox writer adds the
 * envelope. `data` is plain JSON: amounts are decimal strings of minor units, times ISO-8601 strings.
 */
export interface DomainEventBase<TAggregate extends string, TType extends string, TData> {
  readonly type: TType;
  readonly aggregateType: TAggregate;
  readonly aggregateId: string;
  readonly tenantId: string;
  readonly occurredAt: Date;
  readonly data: Readonly<TData>;
}
