import { IsUUID } from 'class-validator';
import { describeHttpDto } from '../openapi/http-dto';

/** `:id` of a transaction, gateway configuration or reconciliation run. */
export class ResourceIdParamsDto {
  @IsUUID()
  id!: string;
}
describeHttpDto(ResourceIdParamsDto, 'path');
