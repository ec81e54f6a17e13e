import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ARRAY_MAX_SIZE,
  ARRAY_NOT_EMPTY,
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_OBJECT,
  IS_OPTIONAL,
  IS_STRING,
  IS_URL,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Schema = Record<string, unknown>;

/** How one class-validator rule shows in the OpenAPI schema of its property. */
function describeRule(rule: ValidationMetadata, schema: Schema): void {
  const [first, second] = (rule.constraints as unknown[] | undefined) ?? [];
  const target = rule.each ? ((schema['items'] as Schema | undefined) ?? (schema['items'] = {})) : schema;
  switch (rule.name) {
    case IS_INT:
      target['type'] = 'integer';
      break;
    case MIN:
      target['minimum'] = first;
      break;
    case MAX:
      target['maximum'] = first;
      break;
    case IS_BOOLEAN:
      target['type'] = 'boolean';
      break;
    case IS_STRING:
      target['type'] = 'string';
      break;
    case IS_LENGTH:
      Object.assign(target, {
        type: 'string',
        minLength: first,
        ...(second === undefined ? {} : { maxLength: second }),
      });
      break;
    case MAX_LENGTH:
      target['maxLength'] = first;
      break;
    case IS_IN:
      Object.assign(target, { type: 'string', enum: [...(first as unknown[])] });
      break;
    case IS_UUID:
      Object.assign(target, { type: 'string', format: 'uuid' });
      break;
    case IS_URL:
      Object.assign(target, { type: 'string', format: 'uri' });
      break;
    case IS_ISO8601:
      Object.assign(target, { type: 'string', format: 'date-time' });
      break;
    case MATCHES:
      Object.assign(target, { type: 'string', pattern: (first as RegExp).source });
      break;
    case IS_OBJECT:
      Object.assign(target, { type: 'object', additionalProperties: true });
      break;
    case IS_ARRAY:
      schema['type'] = 'array';
      break;
    case ARRAY_NOT_EMPTY:
      schema['minItems'] = 1;
      break;
    case ARRAY_MAX_SIZE:
      schema['maxItems'] = first;
      break;
    // The contracts' own @BoundedObject: a free-form object, bounded in size rather than in shape.
    case 'boundedObject':
      Object.assign(target, { type: 'object', additionalProperties: true });
      break;
  }
}

/**
 * Makes a gateway DTO (a subclass of a contract DTO) describe itself in the OpenAPI document from its own
 * class-validator rules, so the document can't drift from what is validated and libs/contracts stays free of
 * Nest. For query strings, integer and boolean fields are converted from text first ("5" → 5, "true" → true;
 * anything else stays text and fails validation with the field's name).
 */
export function describeHttpDto(dto: abstract new () => object, source: 'body' | 'query' | 'path'): void {
  const prototype = dto.prototype as object;
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  for (const [property, propertyRules] of byProperty) {
    const schema: Schema = {};
    for (const rule of propertyRules) describeRule(rule, schema);
    if (schema['type'] === undefined) schema['type'] = 'string';
    if (schema['type'] === 'array' && schema['items'] === undefined) schema['items'] = { type: 'string' };
    const required = !propertyRules.some((rule) => rule.name === IS_OPTIONAL);
    ApiProperty({ ...schema, required } as ApiPropertyOptions)(prototype, property);
    if (source !== 'body' && (schema['type'] === 'integer' || schema['type'] === 'boolean')) {
      Transform(({ value }: { value: unknown }) => fromText(value, schema['type'] as 'integer' | 'boolean'))(
        prototype,
        property,
      );
    }
  }
}

function fromText(value: unknown, type: 'integer' | 'boolean'): unknown {
  if (typeof value !== 'string') return value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}
