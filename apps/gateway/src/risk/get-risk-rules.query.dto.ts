import { GetRiskRulesRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /risk/rules`: `?version=N` for a past version. */
export class GetRiskRulesQueryDto extends GetRiskRulesRequest {}
describeHttpDto(GetRiskRulesQueryDto, 'query');
