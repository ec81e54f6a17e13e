import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** `meta` of every NATS request. */
export class RequestMetaDto {
  @IsUUID()
  tenantId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  userId?: string;

  @IsString()
  @Matches(/^[\w-]{8,64}$/, { message: 'traceId must be 8 to 64 letters, digits, _ or -' })
  traceId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  idempotencyKey?: string;
}
