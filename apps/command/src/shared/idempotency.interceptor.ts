import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { mergeMap, type Observable } from 'rxjs';
import type { Reply } from '@ppm/contracts';
import { IdempotentExecution } from './idempotent-execution';
import type { IdempotentCommand } from './idempotent-command';
import { IDEMPOTENCY_RULE, type IdempotencyRule } from './idempotency-rule';

/** Runs the command an `@Idempotent` handler returns through the command bus, under its idempotency key. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor<IdempotentCommand<object, Reply<unknown>>> {
  constructor(
    private readonly reflector: Reflector,
    private readonly execution: IdempotentExecution,
    private readonly commands: CommandBus,
  ) {}

  intercept(
    context: ExecutionContext,
    next: CallHandler<IdempotentCommand<object, Reply<unknown>>>,
  ): Observable<Reply<unknown>> {
    const rule = this.reflector.get<IdempotencyRule>(IDEMPOTENCY_RULE, context.getHandler());
    return next
      .handle()
      .pipe(mergeMap((command) => this.execution.run(rule, command, () => this.commands.execute(command))));
  }
}
