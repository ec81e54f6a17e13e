import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/** Who can appear as the actor of an audit record. */
export const AUDIT_ACTOR_TYPES = ['USER', 'SERVICE', 'SYSTEM', 'GATEWAY'] as const;

/** Largest page of `audit.list`; the default is 50. */
export const MAX_AUDIT_PAGE = 200;

/**
 * `ppm.query.audit.list` data: the tenant's audit records, newest first, by (createdAt desc, id desc). Filters are
 * optional and combined with AND: the actor (`actorType`, `actorId`: a user's `sub`), the action (an event type such
 * as `ppm.refund.requested.v1`), the target (`resourceType`: `payment`, `gateway_configuration`, …, and
 * `resourceId`) and the time (`from` inclusive, `to` exclusive).
 */
export class ListAuditRecordsRequest {
  @IsOptional()
  @IsIn(AUDIT_ACTOR_TYPES)
  actorType?: (typeof AUDIT_ACTOR_TYPES)[number];

  @IsOptional()
  @IsString()
  @Length(1, 200)
  actorId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  action?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  resourceType?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  resourceId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** One audit record: who did what to which resource, when, and what changed (the change's event data). */
export interface AuditRecordView {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  traceId: string | null;
  details: unknown;
  createdAt: string;
}

/** Reply data of `audit.list`. `nextCursor` is null on the last page. */
export interface ListAuditRecordsReply {
  items: AuditRecordView[];
  nextCursor: string | null;
}
