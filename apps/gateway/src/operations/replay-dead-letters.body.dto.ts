import { OmitType } from '@nestjs/swagger';
import { ReplayDeadLettersRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /dead-letter-queues/:queue/replay`: at most how many messages to move. */
export class ReplayDeadLettersBodyDto extends OmitType(ReplayDeadLettersRequest, ['queue'] as const) {}
describeHttpDto(ReplayDeadLettersBodyDto, 'body');
