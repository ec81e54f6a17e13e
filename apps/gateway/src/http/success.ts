/** The success body of every JSON route. */
export interface Success<T> {
  success: true;
  data: T;
}

/** Wraps a reply's data in the success body. */
export function success<T>(data: T): Success<T> {
  return { success: true, data };
}
