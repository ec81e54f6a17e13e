import type { PurgeTenantReply, PurgeTenantRequest, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Hard-deletes all of the caller's tenant's data. */
export class PurgeTenantCommand extends IdempotentCommand<PurgeTenantRequest, Reply<PurgeTenantReply>> {}
