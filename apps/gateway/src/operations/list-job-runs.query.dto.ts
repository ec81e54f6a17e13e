import { ListJobRunsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /jobs/runs`: the job and cursor of `job-run.list`. */
export class ListJobRunsQueryDto extends ListJobRunsRequest {}
describeHttpDto(ListJobRunsQueryDto, 'query');
