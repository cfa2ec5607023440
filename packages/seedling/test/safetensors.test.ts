import { NDArray, array } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SafetensorsError, decodeSafetensors, decodeStateTree, encodeSafetensors, encodeStateTree } from '../src/safetensors.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const u64 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff, 0, 0, 0, 0];

/** A safetensors file assembled by hand from a header string and raw data bytes (header padded with spaces). */
function handFile(header: string, data: number[], pad = true): Uint8Array {
  const h = ascii(header);
  const padding = pad ? (8 - (h.length % 8)) % 8 : 0;
  return Uint8Array.from([...u64(h.length + padding), ...h, ...new Array<number>(padding).fill(0x20), ...data]);
}

/** The raw bytes of a typed array. */
const bytesOf = (x: NDArray): Uint8Array => new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);

describe('golden files: the safetensors layout byte for byte', () => {
  test("one F32 tensor (the reference implementation's own serialization test)", () => {
    const x = new NDArray(new Float32Array([0, 1, 2, 3, 4, 5]), [1, 2, 3]);
    // IEEE-754 single, little-endian: 1 = 00 00 80 3F, 2 = 00 00 00 40, 3 = 00 00 40 40, 4 = 00 00 80 40, 5 = 00 00 A0 40.
    const data = [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64];
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(64); // a multiple of 8: no padding
    const expected = Uint8Array.from([64, 0, 0, 0, 0, 0, 0, 0, ...ascii(header), ...data]);
    expect(encodeSafetensors({ 'attn.0': x })).toEqual(expected);
    expect(Array.from(decodeSafetensors(expected).tensors['attn.0']!.data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('metadata first, F64 before F32, names in byte order, header padded with spaces to 8', () => {
    const tensors = {
      b: new NDArray(new Float32Array([1, -2]), [2]),
      a: new NDArray(new Float64Array([0.5]), []),
      c: new NDArray(new Float32Array([]), [0, 3]),
    };
    const header =
      '{"__metadata__":{"format":"pt","z":"1"},' +
      '"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},' +
      '"c":{"dtype":"F32","shape":[0,3],"data_offsets":[16,16]}}';
    // 0.5 as a double: 3F E0 00 00 00 00 00 00, little-endian; −2f = C0 00 00 00.
    const data = [0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0];
    const bytes = encodeSafetensors(tensors, { z: '1', format: 'pt' });
    expect(bytes).toEqual(handFile(header, data));
    expect((bytes.length - data.length) % 8).toBe(0);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'pt', z: '1' });
    expect(back.tensors.c!.shape).toEqual([0, 3]);
    expect(back.tensors.a!.dtype).toBe('float64');
  });

  test('no tensors: {} and six spaces (as the reference writes it)', () => {
    expect(Array.from(encodeSafetensors({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
  });
});

/** Arbitrary named float32/float64 arrays with any bit patterns (NaN, −0, ±Infinity, subnormals). */
const namedArrays = fc
  .uniqueArray(
    fc.string({ minLength: 0, maxLength: 6 }).filter((s) => s !== '__metadata__'),
    { maxLength: 5 },
  )
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .record({
            shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
            f64: fc.boolean(),
            seed: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8 * 27, maxLength: 8 * 27 }),
          })
          .map(({ shape, f64, seed }) => {
            const size = shape.reduce((a, b) => a * b, 1);
            const raw = Uint8Array.from(seed.slice(0, size * (f64 ? 8 : 4)));
            const data = f64 ? new Float64Array(raw.buffer) : new Float32Array(raw.buffer);
            return [name, new NDArray(data, shape)] as const;
          }),
      ),
    ),
  )
  .map((pairs) => {
    const out = Object.create(null) as Record<string, NDArray>;
    for (const [k, v] of pairs) out[k] = v;
    return out;
  });

describe('round trip', () => {
  test('bit-exact for float32 and float64, any names, shapes and bit patterns (property)', () => {
    fc.assert(
      fc.property(namedArrays, fc.dictionary(fc.string(), fc.string()), (tensors, metadata) => {
        const { tensors: back, metadata: meta } = decodeSafetensors(encodeSafetensors(tensors, metadata));
        expect(Object.keys(back).sort()).toEqual(Object.keys(tensors).sort());
        for (const [name, x] of Object.entries(tensors)) {
          const y = back[name]!;
          expect(y.dtype).toBe(x.dtype);
          expect(y.shape).toEqual(x.shape);
          expect(bytesOf(y)).toEqual(bytesOf(x));
        }
        expect({ ...meta }).toEqual({ ...metadata });
      }),
      { numRuns: 200 },
    );
  });

  test('decoded arrays do not alias the input bytes, and an unaligned input works', () => {
    const bytes = encodeSafetensors({ w: array([1, 2, 3], { dtype: 'float64' }) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { tensors } = decodeSafetensors(shifted.subarray(3));
    shifted.fill(0);
    expect(Array.from(tensors.w!.data)).toEqual([1, 2, 3]);
  });

  test('refuses to write what it cannot', () => {
    expect(() => encodeSafetensors({ __metadata__: array([1]) })).toThrow("encodeSafetensors: '__metadata__' is reserved");
    expect(() => encodeSafetensors({ w: [1, 2] as never })).toThrow("encodeSafetensors: value of 'w' is not an NDArray");
    expect(() => encodeSafetensors({}, { n: 1 as never })).toThrow("encodeSafetensors: metadata 'n' is not a string");
  });
});

describe('the reader validates before it trusts a byte', () => {
  const valid = encodeSafetensors(
    { w: new NDArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]), b: new NDArray(new Float64Array([7, 8]), [2]) },
    { note: 'x' },
  );

  /** Decoding must either succeed or throw a SafetensorsError — never another error, never a partial result. */
  function throwsClearly(bytes: Uint8Array): string {
    try {
      decodeSafetensors(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(SafetensorsError);
      expect((e as Error).message).toMatch(/^decodeSafetensors: /);
      return (e as Error).message;
    }
    throw new Error('decoded a corrupt file without complaint');
  }

  test('truncated files (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), (cut) => void throwsClearly(valid.subarray(0, cut))),
      { numRuns: 100 },
    );
    expect(throwsClearly(valid.subarray(0, 5))).toBe('decodeSafetensors: file is 5 bytes, shorter than the 8-byte header length');
  });

  test('oversized files: trailing bytes belong to no tensor (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (extra) => {
        const bytes = new Uint8Array(valid.length + extra.length);
        bytes.set(valid);
        bytes.set(extra, valid.length);
        expect(throwsClearly(bytes)).toMatch(/the data holds \d+ bytes but the tensors cover \d+/);
      }),
      { numRuns: 50 },
    );
  });

  test('a lying header length (property)', () => {
    const trueLength = Number(new DataView(valid.buffer).getBigUint64(0, true));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).filter((n) => n !== BigInt(trueLength)),
        (n) => {
          const bytes = valid.slice();
          new DataView(bytes.buffer).setBigUint64(0, n, true);
          throwsClearly(bytes);
        },
      ),
      { numRuns: 200 },
    );
    const huge = valid.slice();
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(throwsClearly(huge)).toBe('decodeSafetensors: header length 1099511627776 exceeds the 100000000-byte limit');
    const past = valid.slice();
    new DataView(past.buffer).setBigUint64(0, BigInt(valid.length), true);
    expect(throwsClearly(past)).toBe(
      `decodeSafetensors: header length ${valid.length} runs past the end of the file (${valid.length} bytes)`,
    );
  });

  test('overlapping, out-of-bounds, gapped and inconsistent entries', () => {
    const d16 = new Array<number>(16).fill(0);
    const cases: [string, number[], string][] = [
      [
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}',
        d16.slice(0, 12),
        "tensor 'b' (bytes [4, 12)) overlaps tensor 'a' (bytes [0, 8))",
      ],
      [
        '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}',
        d16.slice(0, 8),
        "tensor 'a': data_offsets [0, 16] run past the end of the data (8 bytes)",
      ],
      [
        '{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
        d16.slice(0, 8),
        "bytes [0, 4) of the data belong to no tensor (before 'a')",
      ],
      [
        '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}',
        d16.slice(0, 8),
        "tensor 'a': dtype F32 and shape [3] need 12 bytes, data_offsets [0, 8] give 8",
      ],
      ['{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}', d16.slice(0, 8), 'dtype F64 and shape [2] need 16 bytes'],
      ['{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}', d16.slice(0, 8), "tensor 'a': data_offsets [8, 0] end before they begin"],
      [
        '{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}',
        d16.slice(0, 4),
        "tensor 'a': shape must be a list of non-negative integers, got [-1]",
      ],
      ['{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', d16.slice(0, 4), 'shape must be a list of non-negative integers'],
      [
        '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}',
        d16.slice(0, 4),
        "tensor 'a': data_offsets must be [begin, end] non-negative integers, got [0]",
      ],
      [
        '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,1e300]}}',
        d16.slice(0, 4),
        'data_offsets must be [begin, end] non-negative integers',
      ],
      [
        '{"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}',
        d16.slice(0, 2),
        "tensor 'a': dtype F8_E4M3 is not supported (supported: F16, BF16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64, BOOL)",
      ],
      // 2^53 + 1 = 0x0020000000000001: the first integer a float64 cannot hold.
      [
        '{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}',
        [1, 0, 0, 0, 0, 0, 0x20, 0],
        "tensor 'a': I64 element 0 is 9007199254740993, which a float64 cannot hold exactly",
      ],
      ['{"a":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}', d16.slice(0, 4), `tensor 'a': unknown dtype "F31"`],
      ['{"a":[1,2]}', [], "tensor 'a': header entry is not an object"],
      ['{"__metadata__":{"n":1}}', [], "__metadata__ 'n' is not a string"],
      ['{"__metadata__":[]}', [], '__metadata__ is not an object'],
      ['[1,2,3]', [], 'header is not a JSON object'],
      ['{"a":', [], 'header is not valid JSON'],
      ['{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}', d16.slice(0, 4), 'is too large'],
    ];
    for (const [header, data, message] of cases) expect(throwsClearly(handFile(header, data))).toContain(message);
    const badUtf8 = handFile('{"a":1}', []);
    badUtf8[9] = 0xff;
    expect(throwsClearly(badUtf8)).toBe('decodeSafetensors: header is not valid UTF-8');
  });

  test('random headers and random byte flips never crash the reader (property)', () => {
    fc.assert(
      fc.property(fc.json(), fc.uint8Array({ maxLength: 32 }), (json, data) => {
        try {
          decodeSafetensors(handFile(json, Array.from(data)));
        } catch (e) {
          expect(e).toBeInstanceOf(SafetensorsError);
        }
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 8, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const bytes = valid.slice();
        bytes[at] = value;
        try {
          const { tensors } = decodeSafetensors(bytes);
          // A flip that still decodes changed a name, data bytes or a dtype of the same width (F32 → I32 decodes the
          // same bytes as integers, into float64), never the element counts.
          expect(Object.values(tensors).reduce((s, t) => s + t.data.length, 0)).toBe(6 + 2);
        } catch (e) {
          expect(e).toBeInstanceOf(SafetensorsError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a name given twice is refused, however it is spelled; equal strings elsewhere are not keys', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const four = [0, 0, 128, 63];
    expect(throwsClearly(handFile(`{"a":${entry},"a":${entry}}`, four))).toBe('decodeSafetensors: header names "a" twice');
    // Same name written with an escape: JSON.parse would silently keep only the second entry.
    expect(throwsClearly(handFile(`{"a":${entry},"\\u0061":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}`, [...four, ...four]))).toBe(
      'decodeSafetensors: header names "a" twice',
    );
    expect(throwsClearly(handFile(`{"__metadata__":{},"__metadata__":{"x":"y"}}`, []))).toBe(
      'decodeSafetensors: header names "__metadata__" twice',
    );
    // "a" as a metadata key and as a metadata value, a name holding quotes and a colon: all fine.
    const ok = decodeSafetensors(
      handFile(`{"__metadata__":{"a":"a","k":"\\"a\\":"},"a":${entry},"b\\":\\"a":${entry.replace('[0,4]', '[4,8]')}}`, [...four, ...four]),
    );
    expect(Object.keys(ok.tensors).sort()).toEqual(['a', 'b":"a']);
    expect(ok.metadata).toEqual({ a: 'a', k: '"a":' });
  });

  test('a header with an entry duplicated under its own name, at any offsets, is refused (property)', () => {
    const header = new TextDecoder().decode(valid.subarray(8, 8 + Number(new DataView(valid.buffer).getBigUint64(0, true)))).trimEnd();
    const data = Array.from(valid.subarray(8 + Number(new DataView(valid.buffer).getBigUint64(0, true))));
    fc.assert(
      fc.property(fc.constantFrom('w', 'b'), fc.nat(64), fc.nat(64), (name, begin, length) => {
        const dtype = name === 'w' ? 'F32' : 'F64';
        const extra = `"${name}":{"dtype":"${dtype}","shape":[${length}],"data_offsets":[${begin},${begin + length * (dtype === 'F32' ? 4 : 8)}]}`;
        expect(throwsClearly(handFile(`${header.slice(0, -1)},${extra}}`, data))).toBe(`decodeSafetensors: header names "${name}" twice`);
      }),
      { numRuns: 50 },
    );
  });

  test('a "__proto__" tensor name is an ordinary name', () => {
    const { tensors } = decodeSafetensors(handFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [0, 0, 128, 63]));
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(tensors.__proto__!.data[0]).toBe(1);
  });
});

describe('state trees (optimizer state, checkpoints)', () => {
  test('JSON with NDArray leaves round-trips; arrays become tensors named by their path', () => {
    const tree = {
      state: { '0': { step: 3, expAvg: array([0.5, -1], { dtype: 'float64' }) } },
      paramGroups: [{ lr: 0.1, betas: [0.9, 0.999], amsgrad: false, params: [0], paramNames: [null], note: 'x' }],
    };
    const bytes = encodeStateTree(tree, { kind: 'test' });
    const plain = decodeSafetensors(bytes);
    expect(Object.keys(plain.tensors)).toEqual(['state.0.expAvg']);
    const { tree: back, metadata } = decodeStateTree(bytes);
    expect(metadata).toEqual({ kind: 'test' });
    expect(JSON.stringify(back)).toBe(JSON.stringify(tree));
    const expAvg = (back as typeof tree).state['0'].expAvg;
    expect(expAvg).toBeInstanceOf(NDArray);
    expect(Array.from(expAvg.data)).toEqual([0.5, -1]);
  });

  test('refuses what JSON cannot hold, reserved keys and name clashes', () => {
    expect(() => encodeStateTree({ best: Infinity })).toThrow("encodeStateTree: 'best' is Infinity, which JSON cannot hold");
    expect(() => encodeStateTree({ a: { $tensor: 'x' } })).toThrow("encodeStateTree: 'a' has a '$tensor' key, which is reserved");
    expect(() => encodeStateTree({ 'a.b': array([1]), a: { b: array([2]) } })).toThrow("two arrays would both be named 'a.b'");
    expect(() => encodeStateTree({ f: (() => 1) as never })).toThrow("encodeStateTree: 'f' is a function, which cannot be saved");
  });

  test('a tree must account for every tensor exactly once', () => {
    const twoTensors = encodeSafetensors({ a: array([1]), b: array([2]) }, { 'seedling.tree': '{"x":{"$tensor":"a"}}' });
    expect(() => decodeStateTree(twoTensors)).toThrow('decodeStateTree: tensors [b] are not referenced by the tree');
    const twice = encodeSafetensors({ a: array([1]) }, { 'seedling.tree': '[{"$tensor":"a"},{"$tensor":"a"}]' });
    expect(() => decodeStateTree(twice)).toThrow("decodeStateTree: the tree refers to tensor 'a' twice");
    const missing = encodeSafetensors({}, { 'seedling.tree': '{"$tensor":"nope"}' });
    expect(() => decodeStateTree(missing)).toThrow('the tree refers to a tensor "nope" the file does not hold');
    expect(() => decodeStateTree(encodeSafetensors({}))).toThrow("decodeStateTree: no 'seedling.tree' metadata");
  });
});
