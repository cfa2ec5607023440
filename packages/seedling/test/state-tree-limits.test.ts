import { array } from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import { MAX_TREE_DEPTH, SafetensorsError, decodeStateTree, encodeStateTree, encodeSafetensors } from '../src/safetensors.ts';

// Issue 11, silent failure 4: these came back as {} or overflowed the stack.
test('values JSON cannot hold are refused with their key path, not saved as {}', () => {
  const cases: [unknown, string][] = [
    [{ extra: { seen: new Map([[1, 2]]) } }, "encodeStateTree: 'extra.seen' is a Map, which cannot be saved"],
    [{ extra: { when: new Date(0) } }, "encodeStateTree: 'extra.when' is a Date, which cannot be saved"],
    [{ extra: [new Float32Array(2)] }, "encodeStateTree: 'extra.0' is a Float32Array, which cannot be saved"],
  ];
  for (const [tree, message] of cases) expect(() => encodeStateTree(tree as never)).toThrow(message);
});

test('a cycle and a tree nested beyond the depth bound are refused, naming where', () => {
  const cyclic: Record<string, unknown> = { a: { b: {} } };
  (cyclic.a as Record<string, Record<string, unknown>>).b!.back = cyclic;
  expect(() => encodeStateTree(cyclic as never)).toThrow("encodeStateTree: 'a.b.back' refers back to an enclosing object (a cycle)");
  let deep: unknown = 1;
  for (let i = 0; i < 20_000; i++) deep = { d: deep };
  expect(() => encodeStateTree(deep as never)).toThrow(SafetensorsError);
  expect(() => encodeStateTree(deep as never)).toThrow(`is nested more than ${MAX_TREE_DEPTH} levels deep`);
});

test('a shared (not cyclic) object and ordinary trees still round-trip', () => {
  const shared = { lr: 0.1 };
  const { tree } = decodeStateTree(encodeStateTree({ a: shared, b: shared, w: array([1, 2]) }));
  expect((tree as Record<string, unknown>).a).toEqual({ lr: 0.1 });
  expect((tree as Record<string, unknown>).b).toEqual({ lr: 0.1 });
});

test('decoding a file whose skeleton nests 20,000 deep throws a SafetensorsError, not a stack overflow', () => {
  const skeleton = `${'{"d":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
  const bytes = encodeSafetensors({}, { 'seedling.tree': skeleton });
  expect(() => decodeStateTree(bytes)).toThrow(`decodeStateTree: the tree is nested more than ${MAX_TREE_DEPTH} levels deep`);
});
