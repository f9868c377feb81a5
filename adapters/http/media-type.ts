// Content negotiation for routes that answer in more than one media type: the client's Accept
// header, q-values and wildcards included, chooses among the route's media types (negotiator, the
// library Express uses). Nothing acceptable, or no Accept at all, gets the route's first (preferred)
// type rather than a 406: v1 answered JSON whatever Accept said, and still does.
import Negotiator from 'negotiator';
import type { FastifyRequest } from 'fastify';

export const jsonMediaType = 'application/json';

export const negotiatedMediaType = (request: FastifyRequest, mediaTypes: ReadonlyArray<string>): string => {
  const preferred = mediaTypes[0] ?? jsonMediaType;
  const accept = request.headers.accept;
  if (accept === undefined) return preferred;
  return new Negotiator({ headers: { accept } }).mediaType([...mediaTypes]) ?? preferred;
};
