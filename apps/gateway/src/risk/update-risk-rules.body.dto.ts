import { UpdateRiskRulesRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `PUT /risk/rules`: the tenant's whole rule set, `risk-rules.update` as it is. */
export class UpdateRiskRulesBodyDto extends UpdateRiskRulesRequest {}
describeHttpDto(UpdateRiskRulesBodyDto, 'body');
