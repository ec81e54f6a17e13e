import { StartReconciliationRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /reconciliations`: the configuration, the day and, optionally, the settlement CSV's text. */
export class StartReconciliationBodyDto extends StartReconciliationRequest {}
describeHttpDto(StartReconciliationBodyDto, 'body');
