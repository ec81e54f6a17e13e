import { IsString, Matches } from 'class-validator';
import { DEAD_LETTER_QUEUE_NAME } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** `:queue` of the dead-letter routes: a DLQ (`ppm.worker.merchant-webhooks.dlq`) or its work queue. */
export class DeadLetterQueueParamsDto {
  @IsString()
  @Matches(DEAD_LETTER_QUEUE_NAME, { message: 'queue must name a consumer queue of PPM' })
  queue!: string;
}
describeHttpDto(DeadLetterQueueParamsDto, 'path');
