/** Reads one sample from a Prometheus text exposition: the value of `name` whose labels include `labels`. */
export function sampleValue(exposition: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of exposition.split('\n')) {
    // A sample without labels reads `name value`; with them, `name{a="b",…} value`.
    const labelText = line.startsWith(`${name}{`)
      ? line.slice(name.length + 1, line.indexOf('}'))
      : line.startsWith(`${name} `)
        ? ''
        : undefined;
    if (labelText === undefined) continue;
    if (wanted.every((pair) => labelText.split(',').includes(pair)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
