import { OmitType } from '@nestjs/swagger';
import { GetReconciliationRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /reconciliations/:id`: the item filters and page of `reconciliation.get`. */
export class GetReconciliationQueryDto extends OmitType(GetReconciliationRequest, ['runId'] as const) {}
describeHttpDto(GetReconciliationQueryDto, 'query');
