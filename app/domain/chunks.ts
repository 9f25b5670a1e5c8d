/**
 * `items` in consecutive chunks of `size` (the last one shorter when they do not divide evenly), taken from
 * any iterable one chunk at a time: a generator's rows are never all held at once.
 */
export function chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  // Checked now, not at the first chunk: a wrong size fails where it is written.
  if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`A chunk's size must be a whole number above 0, got ${size}.`);
  return chunksOf(items, size);
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
