import { IsUUID } from 'class-validator';

/** `ppm.command.tenant.purge` data: the tenant whose data is hard-deleted; it must be the caller's `meta.tenantId`. */
export class PurgeTenantRequest {
  @IsUUID()
  tenantId!: string;
}

/** Reply data of tenant.purge: rows deleted per table (0 everywhere on a repeat). */
export interface PurgeTenantReply {
  tenantId: string;
  deleted: Record<string, number>;
}
