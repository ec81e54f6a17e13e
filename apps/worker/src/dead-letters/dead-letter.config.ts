import { ArrayMaxSize, Matches } from 'class-validator';
import {
  CommaSeparated,
  DEV_BUS_IDENTITIES,
  IsUrlList,
  RequiredInProduction,
  withUserInfo,
  type Constructor,
} from '@ppm/observability';

/** The operators' dead-letter actions the worker answers (peek, replay) and the broker user they run as. */
export function WithDeadLetterOperations<T extends Constructor>(Base: T) {
  class DeadLetterSettings extends Base {
    /**
     * RabbitMQ as the operator's user (reads `ppm.*.dlq`, writes to the default exchange), not the worker's own:
     * replays publish into other apps' work queues, which the worker's user may not.
     */
    @RequiredInProduction()
    @IsUrlList(['amqp', 'amqps'])
    DEAD_LETTER_AMQP_URL: string = withUserInfo('amqp://127.0.0.1:5672', DEV_BUS_IDENTITIES.operator);

    /** Work queues of other apps' consumers whose dead letters operators handle here too (the worker's own are known). */
    @CommaSeparated()
    @ArrayMaxSize(50)
    @Matches(/^ppm\.[\w.-]+$/, { each: true })
    DEAD_LETTER_OTHER_QUEUES: string[] = ['ppm.query.cache-invalidation'];
  }
  return DeadLetterSettings;
}
