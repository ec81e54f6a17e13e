import { OmitType } from '@nestjs/swagger';
import { PeekDeadLettersRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /dead-letter-queues/:queue/messages`: how many to show. */
export class PeekDeadLettersQueryDto extends OmitType(PeekDeadLettersRequest, ['queue'] as const) {}
describeHttpDto(PeekDeadLettersQueryDto, 'query');
