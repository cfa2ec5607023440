import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DataError } from '../src/errors.ts';
import { PixelPalette, decodeDigitJson } from '../src/mnist-json.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Decoded pixel values of `text` (codes looked up in the palette). */
function decode(text: string): number[] {
  const palette = new PixelPalette();
  return Array.from(decodeDigitJson('t', bytes(text), 'f.json', palette), (c) => palette.values[c]!);
}

describe('decodeDigitJson', () => {
  test('reads the values JSON.parse reads, whitespace and number forms included', () => {
    const text = ' {\n "data" :\t[0,1, 0.5 ,0.125,\r\n1e-3, 5E-1,0.0,1.0, 2.5e-1, 0.1234567890123456789] }\n';
    expect(decode(text)).toEqual((JSON.parse(text) as { data: number[] }).data);
    expect(decode('{"data":[]}')).toEqual([]);
    // −0 is a value of its own (a Map key would merge it with 0).
    const zeros = decode('{"data":[0,-0,0,-0]}');
    expect(zeros.map((v) => Object.is(v, -0))).toEqual([false, true, false, true]);
  });

  test('every short decimal in [0, 1] decodes to the double JSON.parse gives (fast path m / 10^k)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 ** 15 }), fc.integer({ min: 0, max: 18 })), { minLength: 1, maxLength: 50 }),
        (parts) => {
          // m / 10^k written out as a decimal, kept in [0, 1] and under 256 distinct values.
          const numbers = parts
            .map(([m, k]) => {
              const digits = String(m).padStart(k + 1, '0');
              const text = k === 0 ? digits : `${digits.slice(0, -k)}.${digits.slice(-k)}`;
              return Number(text) <= 1 ? text : '1';
            })
            .map((t) => t.replace(/^0+(?=\d)/, ''));
          const text = `{"data":[${numbers.join(',')}]}`;
          expect(decode(text)).toEqual((JSON.parse(text) as { data: number[] }).data);
        },
      ),
    );
  });

  test('one code per distinct value, shared through the palette across files', () => {
    const palette = new PixelPalette();
    const a = decodeDigitJson('t', bytes('{"data":[0,0.5,0,1]}'), 'a', palette);
    const b = decodeDigitJson('t', bytes('{"data":[1,0.25,0.5]}'), 'b', palette);
    expect(Array.from(a)).toEqual([0, 1, 0, 2]);
    expect(Array.from(b)).toEqual([2, 3, 1]);
    expect(palette.values).toEqual([0, 0.5, 1, 0.25]);
  });

  test('a scratch buffer is used when large enough, and the result is a copy of exactly the pixels', () => {
    const scratch = new Uint8Array(64).fill(7);
    const codes = decodeDigitJson('t', bytes('{"data":[0,1,0]}'), 'f', new PixelPalette(), scratch);
    expect(Array.from(codes)).toEqual([0, 1, 0]);
    expect(codes.buffer).not.toBe(scratch.buffer);
  });

  test.each([
    ['[0,1]', "unexpected '['"],
    ['{"pixels":[0]}', 'the one key is not "data"'],
    ['{"data":[0,1', 'unexpected end of file in the array'],
    ['{"data":[0,,1]}', "unexpected ','"],
    ['{"data":[0 1]}', "unexpected '1' in the array"],
    ['{"data":[0,1]', 'unexpected end of file'],
    ['{"data":[0,1]} x', 'trailing bytes after the object'],
    ['{"data":[0,1.5]}', 'pixel value 1.5 outside [0, 1]'],
    ['{"data":[0,-0.5]}', 'pixel value -0.5 outside [0, 1]'],
    ['{"data":[0,01]}', "'01' is not a JSON number"],
    ['{"data":[0,1.]}', "'1.' is not a JSON number"],
    ['{"data":[0,.5]}', "'.5' is not a JSON number"],
    ['{"data":[0,NaN]}', "unexpected 'N'"],
    ['{"data":[0,"0.5"]}', `unexpected '"'`],
  ])('refuses %s naming the file, the fault and the byte', (text, fault) => {
    const run = () => decodeDigitJson('loadMnist', bytes(text), 'digits/3.json', new PixelPalette());
    expect(run).toThrow(DataError);
    expect(run).toThrow(`loadMnist: digits/3.json: ${fault} at byte`);
  });

  test('refuses a 257th distinct value (the codes are 8-bit)', () => {
    const values = Array.from({ length: 257 }, (_, i) => i / 256);
    expect(() => decode(`{"data":[${values.join(',')}]}`)).toThrow('more than 256 distinct pixel values (expected 8-bit images) at byte');
    expect(decode(`{"data":[${values.slice(0, 256).join(',')}]}`)).toEqual(values.slice(0, 256));
  });
});
