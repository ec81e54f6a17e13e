import { IsUUID } from 'class-validator';
import { describeHttpDto } from '../openapi/http-dto';

/** `:id` of a transaction, refund, gateway configuration or reconciliation run. */
export class ResourceIdParamsDto {
  @IsUUID()
  id!: string;
}
describeHttpDto(ResourceIdParamsDto, 'path');
