/**
 * Answers some requests of one subject before Nest's pipeline (deserializer, pipes, interceptors, filters) where
 * that is much cheaper, e.g. a cache hit: the encoded reply, or undefined to leave the request to the subject's
 * handler. It must answer only requests the handler would answer, and with the same bytes.
 */
export interface FirstAnswer {
  answer(request: Uint8Array): Promise<Uint8Array | undefined>;
}
