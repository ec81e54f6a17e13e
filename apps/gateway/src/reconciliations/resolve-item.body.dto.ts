import { PickType } from '@nestjs/swagger';
import { ResolveReconciliationItemRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /reconciliations/:id/items/:itemId/resolve`: the operator's note. */
export class ResolveItemBodyDto extends PickType(ResolveReconciliationItemRequest, ['note'] as const) {}
describeHttpDto(ResolveItemBodyDto, 'body');
