// BODY_LIMIT read as body-parser reads it (the `bytes` package: '100kb', '1.5mb', or a plain number
// of bytes; units of 1024), once, so one number bounds an HTTP body and a WebSocket message alike.

const UNITS = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 } as const;

/** Bytes, or undefined for a limit that is no size (0 included: it would leave messages unbounded). */
export function sizeInBytes(limit: string): number | undefined {
  const sized = /^([+-]?\d+(?:\.\d+)?) *(kb|mb|gb|tb|pb)$/i.exec(limit);
  const bytes = sized ? Math.floor(Number(sized[1]) * UNITS[sized[2]!.toLowerCase() as keyof typeof UNITS]) : parseInt(limit, 10);
  return bytes > 0 ? bytes : undefined;
}
