import { expect, test } from 'vitest';
import { MAX_TENSORS, SafetensorsError, decodeSafetensors } from '../src/safetensors.ts';

/** A file whose header declares `n` empty F32 tensors (the 1.5-million-tensor header, scaled). */
function emptyTensors(n: number, key = 'data_offsets'): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"t${i}":{"dtype":"F32","shape":[0],"${key}":[0,0]}`);
  let json = `{${parts.join(',')}}`;
  while (json.length % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + head.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
  bytes.set(head, 8);
  return bytes;
}

test('a header declaring more tensors than the limit is refused before it is parsed', () => {
  expect(MAX_TENSORS).toBe(100_000);
  expect(() => decodeSafetensors(emptyTensors(MAX_TENSORS + 1))).toThrow(SafetensorsError);
  expect(() => decodeSafetensors(emptyTensors(MAX_TENSORS + 1))).toThrow(
    `decodeSafetensors: header declares ${MAX_TENSORS + 1} tensors, above the limit of ${MAX_TENSORS}`,
  );
});

test('keys spelled with JSON escapes cannot slip past the count: the parsed header is counted too', () => {
  expect(() => decodeSafetensors(emptyTensors(MAX_TENSORS + 1, 'data\\u005foffsets'))).toThrow(/above the limit of 100000/);
});

test('a file at a modest count still decodes', () => {
  expect(Object.keys(decodeSafetensors(emptyTensors(1000)).tensors)).toHaveLength(1000);
});
