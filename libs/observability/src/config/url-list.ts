import { isURL, ValidateBy } from 'class-validator';
import { commaSeparatedItems } from './comma-separated';

/**
 * A comma-separated list of one or more URLs with one of `protocols`: the servers of one cluster, e.g.
 * `nats://nats-1:4222,nats://nats-2:4222`. The setting stays text; the client that connects splits it.
 */
export function IsUrlList(protocols: string[]): PropertyDecorator {
  return ValidateBy({
    name: 'isUrlList',
    validator: {
      validate: (value: unknown) => {
        const urls = typeof value === 'string' ? commaSeparatedItems(value) : [];
        return (
          urls.length > 0 && urls.every((url) => isURL(url, { require_tld: false, require_protocol: true, protocols }))
        );
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be one or more comma-separated ${protocols.join(' or ')} URLs`,
    },
  });
}
