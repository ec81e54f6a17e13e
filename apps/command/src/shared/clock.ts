/** The time, injected so tests and handlers agree on "now". */
export class Clock {
  now(): Date {
    return new Date();
  }
}
