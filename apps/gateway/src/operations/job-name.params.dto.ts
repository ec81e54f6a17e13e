import { RunJobRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** `:job` of `POST /jobs/:job/run`: a scheduled job's name. */
export class JobNameParamsDto extends RunJobRequest {}
describeHttpDto(JobNameParamsDto, 'path');
