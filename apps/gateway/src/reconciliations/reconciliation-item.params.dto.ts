import { IsUUID } from 'class-validator';
import { describeHttpDto } from '../openapi/http-dto';

/** `:id` (the run) and `:itemId` of a reconciliation item. */
export class ReconciliationItemParamsDto {
  @IsUUID()
  id!: string;

  @IsUUID()
  itemId!: string;
}
describeHttpDto(ReconciliationItemParamsDto, 'path');
