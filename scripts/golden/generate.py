#!/usr/bin/env python3
"""Golden fixtures from PyTorch for Seedling's conformance tests.

Install (PyTorch 2.x CPU; on the project's machines this installs from the configured package index in about
two minutes):

    pip install torch==2.13.0+cpu safetensors onnx onnxruntime

Run from the repository root:

    python3 scripts/golden/generate.py

It writes small JSON files (the test suite reads them without Python):

    packages/autograd/test/golden/ops.json        forward values and input gradients of every op
    packages/nn/test/golden/losses.json           forward values and input gradients of every loss
    packages/nn/test/golden/layers.json           every layer in train and eval mode (BatchNorm running stats)
    packages/nn/test/golden/init.json             calculate_gain and the fans of weight shapes
    packages/optim/test/golden/optimizers.json    every optimizer, 10 steps, each option
    packages/optim/test/golden/schedulers.json    every LR scheduler, 30 steps; clip_grad_norm_, clip_grad_value_
    packages/seedling/test/golden/training.json   end to end: a Linear-BatchNorm-GELU-Linear model trained 6 steps

Each case is one line in a table below (`OPS`, `LOSSES`, `LAYERS`, `OPTIMIZERS`, `SCHEDULERS`, `CLIPS`,
`CLIP_VALUES`, `GAINS`, `FAN_SHAPES`, `TRAINING`): a name, the Seedling function it checks (`op`), its inputs
(shape and value domain), the PyTorch call, and the arguments in Seedling's own terms (`args`), which the
TypeScript tests pass on (packages/{autograd,nn,optim,seedling}/test/golden*.test.ts). Values are stored exactly
(Python's shortest round-trip repr of each double; float32 values are exact in a double). Inputs come from a
generator seeded by the case name, so re-running writes the same files.

Gradients: each case's output is contracted with a stored random cotangent c, and the fixture holds
d(sum(out * c))/d(input) for every differentiable input: a vector-Jacobian product, so no gradient
entry is a sum that could hide a wrong element.

Where Seedling deliberately differs from PyTorch, no case pins PyTorch's behaviour; see docs/pytorch-differences.md.
Cases for functions still on the interop branch are generated too and skipped by the tests until it is merged.
"""
from __future__ import annotations

import json
import math
import os
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DT = {'float64': torch.float64, 'float32': torch.float32}


# ---------------------------------------------------------------------------------------------------------------
# Inputs


@dataclass
class In:
    """One input: shape, value domain and whether it is differentiated (`const` inputs are not)."""

    shape: tuple
    dom: str = 'wide'
    const: bool = False
    # Integer domains: 'classes' draws integers in [0, hi); 'index' in [-hi, hi).
    hi: int = 0
    # Fixed values (overrides the domain).
    values: Any = None


def I(*shape, dom='wide', hi=0):
    return In(tuple(shape), dom, dom in ('classes', 'index', 'bool'), hi)


def C(values, shape=None):
    """A constant input with fixed values."""
    t = torch.tensor(values, dtype=torch.float64)
    return In(tuple(t.shape) if shape is None else tuple(shape), 'fixed', True, 0, values)


def V(values):
    """A differentiable input with fixed values (e.g. ties on purpose)."""
    t = torch.tensor(values, dtype=torch.float64)
    return In(tuple(t.shape), 'fixed', False, 0, values)


def draw(spec: In, g: torch.Generator, dtype) -> torch.Tensor:
    n = math.prod(spec.shape)
    shape = spec.shape
    u = lambda lo, hi: (torch.rand(shape, generator=g, dtype=torch.float64) * (hi - lo) + lo)
    d = spec.dom
    if d == 'fixed':
        t = torch.tensor(spec.values, dtype=torch.float64).reshape(shape)
    elif d == 'wide':
        t = u(-2, 2)
    elif d == 'pos':
        t = u(0.3, 3)
    elif d == 'unit':  # probabilities away from 0 and 1
        t = u(0.05, 0.95)
    elif d == 'offzero':  # odd multiples of 0.05 in (-2, 2): never 0, never within 0.05 of a kink at 0
        t = torch.floor(u(-2, 2) * 10) / 10 + 0.05
    elif d == 'offkink':  # away from ±1 and 0 (hardtanh-style kinks): k·0.1 + 0.03
        t = torch.floor(u(-2, 2) * 10) / 10 + 0.03
    elif d == 'offkink3':  # away from ±3 and 0 (hardsigmoid/hardswish kinks)
        t = torch.floor(u(-4.5, 4.5) * 10) / 10 + 0.03
    elif d == 'distinct':  # a permutation of well-separated values: no ties
        t = (torch.randperm(n, generator=g).to(torch.float64) * 0.37 - n * 0.18).reshape(shape)
    elif d == 'classes':
        t = torch.randint(0, spec.hi, shape, generator=g).to(torch.float64)
    elif d == 'index':
        t = torch.randint(-spec.hi, spec.hi, shape, generator=g).to(torch.float64)
    elif d == 'bool':
        t = (torch.rand(shape, generator=g) < 0.5).to(torch.float64)
    elif d == 'simplex':  # rows (last axis) that sum to 1
        t = torch.softmax(u(-2, 2) * 1.5, dim=-1)
    elif d == 'logsimplex':  # the log of such rows (log-probability targets)
        t = torch.log_softmax(u(-2, 2) * 1.5, dim=-1)
    else:
        raise ValueError(d)
    return t if spec.const else t.to(dtype)


def enc(t: torch.Tensor) -> dict:
    t = t.detach()
    dtype = 'float32' if t.dtype == torch.float32 else 'float64'
    return {'shape': list(t.shape), 'dtype': dtype, 'data': [float(v) for v in t.to(torch.float64).reshape(-1).tolist()]}


def gen_for(name: str) -> torch.Generator:
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode()))
    return g


# ---------------------------------------------------------------------------------------------------------------
# Differentiable cases (ops and losses): name, Seedling op, inputs, torch function, Seedling args


@dataclass
class Case:
    name: str
    op: str
    inputs: list
    fn: Callable
    args: Any = None
    dtype: str = 'float64'
    # A looser relative tolerance, only where PyTorch itself is less exact (the reason at the case).
    rtol: float | None = None


def run_case(c: Case) -> dict:
    g = gen_for(c.name)
    dtype = DT[c.dtype]
    xs = [draw(s, g, dtype) for s in c.inputs]
    leaves = []
    for s, x in zip(c.inputs, xs):
        if not s.const:
            x.requires_grad_(True)
            leaves.append(x)
    out = c.fn(*xs)
    if out.dtype == torch.bool:
        out = out.to(dtype)
    result = {'name': c.name, 'op': c.op, 'dtype': c.dtype, 'args': c.args,
              'inputs': [dict(enc(x), const=s.const) for s, x in zip(c.inputs, xs)], 'output': enc(out)}
    if c.rtol is not None:
        result['rtol'] = c.rtol
    if out.requires_grad and leaves:
        cot = torch.rand(out.shape, generator=g, dtype=torch.float64).mul(2).sub(1).to(out.dtype)
        grads = torch.autograd.grad(out, leaves, cot, allow_unused=True)
        it = iter(grads)
        result['cotangent'] = enc(cot)
        result['grads'] = [None if s.const else (lambda gr, x: enc(gr if gr is not None else torch.zeros_like(x)))(next(it), x)
                           for s, x in zip(c.inputs, xs)]
    return result


def take(x, idx, axis):
    """NumPy `take` along one axis (Seedling's `gather`)."""
    i = idx.long()
    a = axis % x.dim()
    i = torch.where(i < 0, i + x.shape[a], i)
    picked = x.index_select(a, i.reshape(-1))
    return picked.reshape(x.shape[:a] + i.shape + x.shape[a + 1:])


def npad(x, widths, value=0.0, mode='constant'):
    """Seedling's pad: [[before, after] per axis] → F.pad's reversed flat list. The non-constant modes take
    pairs for the padded trailing axes only, so leading unpadded axes are left out of the list."""
    flat = []
    for b, a in reversed(widths):
        flat += [b, a]
    if mode == 'constant':
        return F.pad(x, flat, value=value)
    while len(flat) > 2 and flat[-2:] == [0, 0]:
        flat = flat[:-2]
    return F.pad(x, flat, mode=mode)


def unpool(x, pool, **unpool_kw):
    """max_unpool2d(*max_pool2d(x, **pool, return_indices=True), **unpool_kw). PyTorch flags max_unpool2d as
    nondeterministic (coinciding indices race on GPU); the CPU kernel writes in order, so determinism is
    relaxed for this call only."""
    import warnings
    y, i = F.max_pool2d(x, return_indices=True, **pool)
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return F.max_unpool2d(y, i, **unpool_kw)
    finally:
        torch.use_deterministic_algorithms(True)


def alldims(x):
    return tuple(range(x.dim()))


OPS = [
    # element-wise unary
    Case('abs', 'abs', [I(2, 3, dom='offzero')], torch.abs),
    Case('neg', 'neg', [I(2, 3)], torch.neg),
    Case('exp', 'exp', [I(2, 3)], torch.exp),
    Case('expm1', 'expm1', [I(3, 2)], torch.expm1),
    Case('log', 'log', [I(2, 3, dom='pos')], torch.log),
    Case('log1p', 'log1p', [I(2, 3, dom='pos')], torch.log1p),
    Case('sqrt', 'sqrt', [I(2, 3, dom='pos')], torch.sqrt),
    Case('erf', 'erf', [I(4, 3)], torch.erf),
    Case('tanh', 'tanh', [I(2, 3)], torch.tanh),
    Case('sigmoid', 'sigmoid', [I(2, 3)], torch.sigmoid),
    Case('relu', 'relu', [I(3, 4, dom='offzero')], torch.relu),
    Case('square', 'square', [I(2, 3)], torch.square),
    Case('reciprocal', 'reciprocal', [I(2, 3, dom='pos')], torch.reciprocal),
    Case('clip', 'clip', [I(3, 4)], lambda x: torch.clamp(x, -0.53, 0.97), {'min': -0.53, 'max': 0.97}),
    Case('clamp/min-only', 'clamp', [I(3, 4)], lambda x: torch.clamp(x, min=-0.31), {'min': -0.31}),
    Case('clamp/max-only', 'clamp', [I(3, 4)], lambda x: torch.clamp(x, max=0.42), {'max': 0.42}),
    Case('clamp/both', 'clamp', [I(3, 4)], lambda x: torch.clamp(x, -0.53, 0.97), {'min': -0.53, 'max': 0.97}),
    Case('astype/float32', 'astype', [I(2, 3)], lambda x: x.to(torch.float32), {'dtype': 'float32'}),
    Case('sign', 'sign', [I(2, 3, dom='offzero')], torch.sign),
    # activations
    Case('leakyRelu', 'leakyRelu', [I(3, 4, dom='offzero')], lambda x: F.leaky_relu(x, 0.2), {'negativeSlope': 0.2}),
    Case('leakyRelu/default', 'leakyRelu', [I(3, 4, dom='offzero')], F.leaky_relu, {}),
    Case('elu', 'elu', [I(3, 4, dom='offzero')], lambda x: F.elu(x, 0.7), {'alpha': 0.7}),
    Case('selu', 'selu', [I(3, 4, dom='offzero')], F.selu),
    Case('gelu', 'gelu', [I(3, 4)], F.gelu, {}),
    Case('gelu/tanh', 'gelu', [I(3, 4)], lambda x: F.gelu(x, approximate='tanh'), {'approximate': 'tanh'}),
    Case('softplus', 'softplus', [I(3, 4)], F.softplus, {}),
    # beta·x stays far below PyTorch's threshold 20, where PyTorch switches to the identity.
    Case('softplus/beta', 'softplus', [I(3, 4)], lambda x: F.softplus(x, beta=2.5), {'beta': 2.5}),
    Case('softmax', 'softmax', [I(3, 5)], lambda x: torch.softmax(x, -1), {'axis': -1}),
    Case('softmax/axis0', 'softmax', [I(3, 4, 2)], lambda x: torch.softmax(x, 0), {'axis': 0}),
    Case('logSoftmax', 'logSoftmax', [I(3, 5)], lambda x: torch.log_softmax(x, -1), {'axis': -1}),
    Case('logSoftmax/axis1', 'logSoftmax', [I(2, 4, 3)], lambda x: torch.log_softmax(x, 1), {'axis': 1}),
    # Awaiting the interop branch (silu, mish, hardtanh, hardsigmoid, hardswish, logsigmoid).
    Case('silu', 'silu', [I(3, 4)], F.silu),
    Case('mish', 'mish', [I(3, 4)], F.mish),
    Case('hardtanh', 'hardtanh', [I(3, 4, dom='offkink')], F.hardtanh, {}),
    Case('hardtanh/range', 'hardtanh', [I(3, 4, dom='offkink')], lambda x: F.hardtanh(x, -0.5, 1.5), {'minVal': -0.5, 'maxVal': 1.5}),
    # PyTorch's float64 hardsigmoid backward multiplies by 1/6 rounded to float32 (0.16666667163…, 3e-8 above 1/6;
    # the forward is exact): Seedling's exact 1/6 is within 3e-8 of it.
    Case('hardsigmoid', 'hardsigmoid', [I(3, 4, dom='offkink3')], F.hardsigmoid, rtol=3e-8),
    Case('hardswish', 'hardswish', [I(3, 4, dom='offkink3')], F.hardswish),
    Case('logsigmoid', 'logsigmoid', [I(3, 4)], F.logsigmoid),
    # At kinks, each framework picks a one-sided derivative: these pin PyTorch's choices.
    Case('relu/kink', 'relu', [V([-1.0, 0.0, 2.0])], torch.relu),
    Case('abs/kink', 'abs', [V([-1.0, 0.0, 2.0])], torch.abs),
    Case('leakyRelu/kink', 'leakyRelu', [V([-1.0, 0.0, 2.0])], lambda x: F.leaky_relu(x, 0.1), {'negativeSlope': 0.1}),
    Case('elu/kink', 'elu', [V([-1.0, 0.0, 2.0])], lambda x: F.elu(x, 0.5), {'alpha': 0.5}),
    Case('selu/kink', 'selu', [V([-1.0, 0.0, 2.0])], F.selu),
    Case('clip/at-bounds', 'clip', [V([-1.0, -0.5, 0.0, 0.5, 1.0])], lambda x: torch.clamp(x, -0.5, 0.5), {'min': -0.5, 'max': 0.5}),
    Case('clamp/at-bounds', 'clamp', [V([-1.0, -0.5, 0.0, 0.5, 1.0])], lambda x: torch.clamp(x, -0.5, 0.5), {'min': -0.5, 'max': 0.5}),
    Case('hardtanh/kink', 'hardtanh', [V([-2.0, -1.0, 0.0, 1.0, 2.0])], F.hardtanh, {}),
    Case('hardsigmoid/kink', 'hardsigmoid', [V([-4.0, -3.0, 0.0, 3.0, 4.0])], F.hardsigmoid, rtol=3e-8),  # 1/6 in float32, as above
    Case('hardswish/kink', 'hardswish', [V([-4.0, -3.0, 0.0, 3.0, 4.0])], F.hardswish),
    # Extreme values: stable formulations must match PyTorch's, not overflow.
    Case('softmax/large', 'softmax', [V([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]])], lambda x: torch.softmax(x, -1), {'axis': -1}),
    Case('logSoftmax/large', 'logSoftmax', [V([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]])], lambda x: torch.log_softmax(x, -1), {'axis': -1}),
    Case('logsumexp/large', 'logsumexp', [V([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]])], lambda x: torch.logsumexp(x, 1), {'axis': 1}),
    Case('sigmoid/large', 'sigmoid', [V([-40.0, -20.0, 20.0, 40.0])], torch.sigmoid),
    # Not |x| ≈ 10: there 1 − tanh² loses 8 digits to cancellation in both frameworks (each ~1e-8 from the truth).
    Case('tanh/large', 'tanh', [V([-30.0, -20.0, 3.0, 30.0])], torch.tanh),
    Case('log1p/tiny', 'log1p', [V([1e-12, -1e-10, 3e-8])], torch.log1p),
    Case('expm1/tiny', 'expm1', [V([1e-12, -1e-10, 3e-8])], torch.expm1),
    Case('softplus/large-negative', 'softplus', [V([-50.0, -30.0, 15.0, 19.5])], F.softplus, {}),
    Case('pow/negative-base', 'pow', [V([-1.5, -2.0, 0.5, 3.0]), C([2.0, 3.0, -1.0, 0.5])], torch.pow),
    Case('gelu/large', 'gelu', [V([-12.0, -6.0, 6.0, 12.0])], F.gelu, {}),
    # float32: the same ops at float32's tolerance.
    Case('softmax/float32', 'softmax', [I(4, 6)], lambda x: torch.softmax(x, -1), {'axis': -1}, 'float32'),
    Case('logSoftmax/float32', 'logSoftmax', [I(4, 6)], lambda x: torch.log_softmax(x, -1), {'axis': -1}, 'float32'),
    Case('logsumexp/float32', 'logsumexp', [I(4, 6)], lambda x: torch.logsumexp(x, dim=1), {'axis': 1}, 'float32'),
    Case('gelu/float32', 'gelu', [I(4, 6)], F.gelu, {}, 'float32'),
    Case('sum/float32', 'sum', [I(5, 7)], lambda x: x.sum(dim=0), {'axis': 0}, 'float32'),
    Case('variance/float32', 'variance', [I(5, 7)], lambda x: torch.var(x, dim=1), {'axis': 1}, 'float32'),
    Case('tanh/float32', 'tanh', [I(4, 6)], torch.tanh, None, 'float32'),
    Case('sigmoid/float32', 'sigmoid', [I(4, 6)], torch.sigmoid, None, 'float32'),
    Case('exp/float32', 'exp', [I(4, 6)], torch.exp, None, 'float32'),
    Case('erf/float32', 'erf', [I(4, 6)], torch.erf, None, 'float32'),
    # binary with broadcasting
    Case('add', 'add', [I(2, 3), I(3)], torch.add),
    Case('add/broadcast-both', 'add', [I(2, 1, 3), I(4, 1)], torch.add),
    Case('sub', 'sub', [I(2, 3), I(2, 1)], torch.sub),
    Case('mul', 'mul', [I(2, 3), I(1, 3)], torch.mul),
    Case('div', 'div', [I(2, 3), I(3, dom='pos')], torch.div),
    Case('pow', 'pow', [I(2, 3, dom='pos'), I(2, 3)], torch.pow),
    Case('pow/broadcast', 'pow', [I(2, 3, dom='pos'), I(3)], torch.pow),
    Case('maximum', 'maximum', [I(2, 3), I(3)], torch.maximum),
    # Ties: PyTorch gives each side half the gradient, as Seedling.
    Case('maximum/ties', 'maximum', [V([1.0, 2.0, -1.0, 0.5]), V([1.0, 0.0, -1.0, 0.7])], torch.maximum),
    Case('minimum', 'minimum', [I(2, 3), I(2, 3)], torch.minimum),
    Case('minimum/ties', 'minimum', [V([1.0, 2.0, -1.0, 0.5]), V([1.0, 0.0, -1.0, 0.7])], torch.minimum),
    Case('where', 'where', [I(2, 3, dom='bool'), I(2, 3), I(3)], lambda c, a, b: torch.where(c.bool(), a, b)),
    # comparisons (outputs only: piecewise constant)
    Case('equal', 'equal', [V([1.0, 2.0, 3.0]), V([1.0, 0.0, 3.0])], torch.eq),
    Case('notEqual', 'notEqual', [V([1.0, 2.0, 3.0]), V([1.0, 0.0, 3.0])], torch.ne),
    Case('less', 'less', [I(2, 3), I(3)], torch.lt),
    Case('lessEqual', 'lessEqual', [V([1.0, 2.0, 3.0]), V([1.0, 0.0, 4.0])], torch.le),
    Case('greater', 'greater', [I(2, 3), I(3)], torch.gt),
    Case('greaterEqual', 'greaterEqual', [V([1.0, 2.0, 3.0]), V([1.0, 0.0, 4.0])], torch.ge),
    # reductions
    Case('sum', 'sum', [I(2, 3, 4)], torch.sum, {}),
    Case('sum/axis', 'sum', [I(2, 3, 4)], lambda x: x.sum(dim=1), {'axis': 1}),
    Case('sum/axes-keepdims', 'sum', [I(2, 3, 4)], lambda x: x.sum(dim=(0, 2), keepdim=True), {'axis': [0, 2], 'keepdims': True}),
    Case('mean', 'mean', [I(2, 3, 4)], torch.mean, {}),
    Case('mean/axis', 'mean', [I(2, 3, 4)], lambda x: x.mean(dim=-1), {'axis': -1}),
    Case('variance', 'variance', [I(3, 4)], torch.var, {}),
    Case('variance/axis-biased', 'variance', [I(3, 4)], lambda x: torch.var(x, dim=1, correction=0, keepdim=True),
         {'axis': 1, 'correction': 0, 'keepdims': True}),
    Case('max', 'max', [I(3, 4, dom='distinct')], torch.amax, {}),
    Case('max/axis', 'max', [I(3, 4, dom='distinct')], lambda x: torch.amax(x, dim=0), {'axis': 0}),
    # Ties: amax splits the gradient evenly between equal maxima, as Seedling.
    Case('max/ties', 'max', [V([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])], lambda x: torch.amax(x, dim=1), {'axis': 1}),
    Case('min', 'min', [I(3, 4, dom='distinct')], torch.amin, {}),
    Case('min/axis-keepdims', 'min', [I(3, 4, dom='distinct')], lambda x: torch.amin(x, dim=1, keepdim=True), {'axis': 1, 'keepdims': True}),
    Case('logsumexp', 'logsumexp', [I(3, 4)], lambda x: torch.logsumexp(x, dim=alldims(x)), {}),
    Case('logsumexp/axis', 'logsumexp', [I(3, 4)], lambda x: torch.logsumexp(x, dim=1, keepdim=True), {'axis': 1, 'keepdims': True}),
    Case('argmax', 'argmax', [I(3, 4, dom='distinct')], lambda x: torch.argmax(x), {}),
    Case('argmax/axis', 'argmax', [I(3, 4, dom='distinct')], lambda x: torch.argmax(x, dim=1), {'axis': 1}),
    Case('argmin/axis-keepdims', 'argmin', [I(3, 4, dom='distinct')], lambda x: torch.argmin(x, dim=0, keepdim=True), {'axis': 0, 'keepdims': True}),
    # Ties: both return the first maximal (minimal) index.
    Case('argmax/ties', 'argmax', [V([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])], lambda x: torch.argmax(x, dim=1), {'axis': 1}),
    Case('argmin/ties', 'argmin', [V([[1.0, -3.0, -3.0], [2.0, 2.0, 5.0]])], lambda x: torch.argmin(x, dim=1), {'axis': 1}),
    # linear algebra
    Case('matmul', 'matmul', [I(3, 4), I(4, 2)], torch.matmul, {}),
    Case('matmul/batched-broadcast', 'matmul', [I(2, 1, 3, 4), I(3, 4, 2)], torch.matmul, {}),
    Case('matmul/vector', 'matmul', [I(4), I(4, 3)], torch.matmul, {}),
    Case('matmul/transposeB', 'matmul', [I(3, 4), I(2, 4)], lambda a, b: a @ b.T, {'transposeB': True}),
    Case('matmul/transposeA', 'matmul', [I(4, 3), I(4, 2)], lambda a, b: a.T @ b, {'transposeA': True}),
    Case('matmul/float32', 'matmul', [I(5, 6), I(6, 3)], torch.matmul, {}, 'float32'),
    # shape
    Case('reshape', 'reshape', [I(2, 3, 2)], lambda x: x.reshape(3, 4), {'shape': [3, 4]}),
    Case('transpose', 'transpose', [I(2, 3)], lambda x: x.T, {}),
    Case('transpose/perm', 'transpose', [I(2, 3, 4)], lambda x: x.permute(2, 0, 1), {'perm': [2, 0, 1]}),
    Case('broadcastTo', 'broadcastTo', [I(3, 1)], lambda x: x.broadcast_to(2, 3, 4), {'shape': [2, 3, 4]}),
    Case('squeeze', 'squeeze', [I(2, 1, 3, 1)], lambda x: x.squeeze(), {}),
    Case('squeeze/axis', 'squeeze', [I(2, 1, 3, 1)], lambda x: x.squeeze(1), {'axis': 1}),
    Case('expandDims', 'expandDims', [I(2, 3)], lambda x: x.unsqueeze(1), {'axis': 1}),
    Case('concat', 'concat', [I(2, 3), I(1, 3), I(2, 3)], lambda *xs: torch.cat(xs, 0), {'axis': 0}),
    Case('concat/axis1', 'concat', [I(2, 3), I(2, 1)], lambda *xs: torch.cat(xs, 1), {'axis': 1}),
    Case('stack', 'stack', [I(2, 3), I(2, 3)], lambda *xs: torch.stack(xs, 1), {'axis': 1}),
    Case('slice', 'slice', [I(4, 5)], lambda x: x[1:3, ::2], {'specs': [{'start': 1, 'stop': 3}, {'step': 2}]}),
    Case('slice/negative', 'slice', [I(4, 5)], lambda x: x[-3:, 1:-1], {'specs': [{'start': -3}, {'start': 1, 'stop': -1}]}),
    Case('pad', 'pad', [I(2, 3)], lambda x: npad(x, [[1, 0], [2, 1]]), {'widths': [[1, 0], [2, 1]]}),
    Case('pad/value', 'pad', [I(2, 3)], lambda x: npad(x, [[0, 2], [1, 1]], 0.5), {'widths': [[0, 2], [1, 1]], 'value': 0.5}),
    # The border modes (PyTorch pads the trailing 1-3 axes of a 2-5-D input in these modes).
    Case('pad/reflect-1d', 'pad', [I(2, 3, 5)], lambda x: npad(x, [[0, 0], [0, 0], [4, 2]], mode='reflect'),
         {'widths': [[0, 0], [0, 0], [4, 2]], 'mode': 'reflect'}),
    Case('pad/reflect-2d', 'pad', [I(1, 2, 3, 4)], lambda x: npad(x, [[0, 0], [0, 0], [2, 1], [1, 3]], mode='reflect'),
         {'widths': [[0, 0], [0, 0], [2, 1], [1, 3]], 'mode': 'reflect'}),
    Case('pad/replicate-2d', 'pad', [I(2, 2, 3, 2)], lambda x: npad(x, [[0, 0], [0, 0], [3, 0], [2, 4]], mode='replicate'),
         {'widths': [[0, 0], [0, 0], [3, 0], [2, 4]], 'mode': 'replicate'}),
    Case('pad/replicate-3d', 'pad', [I(1, 2, 2, 3, 2)], lambda x: npad(x, [[0, 0], [0, 0], [1, 1], [0, 2], [1, 0]], mode='replicate'),
         {'widths': [[0, 0], [0, 0], [1, 1], [0, 2], [1, 0]], 'mode': 'replicate'}),
    Case('pad/circular-2d', 'pad', [I(2, 1, 3, 4)], lambda x: npad(x, [[0, 0], [0, 0], [3, 1], [2, 4]], mode='circular'),
         {'widths': [[0, 0], [0, 0], [3, 1], [2, 4]], 'mode': 'circular'}),
    Case('pad/circular-1d-float32', 'pad', [I(3, 4)], lambda x: npad(x, [[0, 0], [1, 3]], mode='circular'),
         {'widths': [[0, 0], [1, 3]], 'mode': 'circular'}, 'float32'),
    Case('gather', 'gather', [I(4, 3), I(5, dom='index', hi=4)], lambda x, i: take(x, i, 0), {'axis': 0}),
    Case('gather/axis1-2d', 'gather', [I(2, 4, 3), I(2, 3, dom='classes', hi=4)], lambda x, i: take(x, i, 1), {'axis': 1}),
    Case('takeAlongAxis', 'takeAlongAxis', [I(3, 4), I(3, 2, dom='classes', hi=4)], lambda x, i: torch.gather(x, 1, i.long()), {'axis': 1}),
    Case('takeAlongAxis/axis0', 'takeAlongAxis', [I(3, 4), I(5, 4, dom='classes', hi=3)], lambda x, i: torch.gather(x, 0, i.long()), {'axis': 0}),
    # Awaiting the cnn branch (convolution and pooling, NCHW / NCL; PyTorch's layouts and argument names).
    Case('conv2d', 'conv2d', [I(2, 3, 5, 6), I(4, 3, 3, 2), I(4)], F.conv2d, {}),
    Case('conv2d/stride-padding-dilation', 'conv2d', [I(2, 2, 7, 6), I(3, 2, 3, 3), I(3)],
         lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2)), {'stride': [2, 1], 'padding': [1, 2], 'dilation': [1, 2]}),
    Case('conv2d/groups-no-bias', 'conv2d', [I(1, 4, 5, 5), I(6, 2, 3, 3)], lambda x, w: F.conv2d(x, w, groups=2), {'groups': 2}),
    Case('conv2d/same', 'conv2d', [I(1, 2, 5, 4), I(3, 2, 3, 2), I(3)], lambda x, w, b: F.conv2d(x, w, b, padding='same'), {'padding': 'same'}),
    Case('conv2d/float32', 'conv2d', [I(2, 3, 6, 6), I(5, 3, 3, 3), I(5)], lambda x, w, b: F.conv2d(x, w, b, padding=1), {'padding': 1}, 'float32'),
    Case('convTranspose2d', 'convTranspose2d', [I(2, 3, 4, 3), I(3, 2, 3, 3), I(2)], F.conv_transpose2d, {}),
    Case('convTranspose2d/stride-padding-outputPadding', 'convTranspose2d', [I(1, 2, 3, 4), I(2, 3, 3, 2), I(3)],
         lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=(1, 0)),
         {'stride': 2, 'padding': 1, 'outputPadding': [1, 0]}),
    Case('convTranspose2d/groups-dilation', 'convTranspose2d', [I(1, 4, 3, 3), I(4, 1, 2, 2)],
         lambda x, w: F.conv_transpose2d(x, w, groups=2, dilation=2), {'groups': 2, 'dilation': 2}),
    # outputPadding must be smaller than stride OR dilation (PyTorch's rule): stride 1 with dilation 2 takes 1.
    Case('convTranspose2d/outputPadding-below-dilation', 'convTranspose2d', [I(1, 2, 3, 4), I(2, 3, 3, 2), I(3)],
         lambda x, w, b: F.conv_transpose2d(x, w, b, stride=1, dilation=(2, 3), output_padding=(1, 2)),
         {'stride': 1, 'dilation': [2, 3], 'outputPadding': [1, 2]}),
    Case('convTranspose2d/outputPadding-below-dilation-padding', 'convTranspose2d', [I(2, 2, 3, 3), I(2, 2, 3, 2), I(2)],
         lambda x, w, b: F.conv_transpose2d(x, w, b, stride=(1, 2), padding=(2, 1), dilation=3, output_padding=(1, 2)),
         {'stride': [1, 2], 'padding': [2, 1], 'dilation': 3, 'outputPadding': [1, 2]}),
    Case('maxPool2d', 'maxPool2d', [I(2, 2, 4, 6, dom='distinct')], lambda x: F.max_pool2d(x, 2), {'kernelSize': 2}),
    Case('maxPool2d/stride-padding-ceil', 'maxPool2d', [I(1, 2, 5, 5, dom='distinct')],
         lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True}),
    Case('maxPool2d/dilation', 'maxPool2d', [I(1, 1, 6, 6, dom='distinct')], lambda x: F.max_pool2d(x, 2, stride=1, dilation=2),
         {'kernelSize': 2, 'stride': 1, 'dilation': 2}),
    Case('avgPool2d', 'avgPool2d', [I(2, 2, 4, 6)], lambda x: F.avg_pool2d(x, 2), {'kernelSize': 2}),
    Case('avgPool2d/padding-count', 'avgPool2d', [I(1, 2, 5, 5)], lambda x: F.avg_pool2d(x, 3, stride=2, padding=1),
         {'kernelSize': 3, 'stride': 2, 'padding': 1}),
    Case('avgPool2d/padding-no-count-ceil', 'avgPool2d', [I(1, 2, 5, 5)],
         lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
         {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}),
    Case('avgPool2d/divisorOverride', 'avgPool2d', [I(1, 1, 4, 4)], lambda x: F.avg_pool2d(x, 2, divisor_override=3),
         {'kernelSize': 2, 'divisorOverride': 3}),
    Case('adaptiveAvgPool2d', 'adaptiveAvgPool2d', [I(2, 3, 5, 7)], lambda x: F.adaptive_avg_pool2d(x, (2, 3)), {'outputSize': [2, 3]}),
    Case('adaptiveAvgPool2d/global', 'adaptiveAvgPool2d', [I(2, 3, 4, 4)], lambda x: F.adaptive_avg_pool2d(x, 1), {'outputSize': 1}),
    Case('conv1d', 'conv1d', [I(2, 3, 8), I(4, 3, 3), I(4)], lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
         {'stride': 2, 'padding': 1}),
    Case('conv1d/groups-dilation', 'conv1d', [I(1, 4, 9), I(2, 2, 3)], lambda x, w: F.conv1d(x, w, groups=2, dilation=2),
         {'groups': 2, 'dilation': 2}),
    Case('maxPool1d', 'maxPool1d', [I(2, 3, 9, dom='distinct')], lambda x: F.max_pool1d(x, 3, stride=2, padding=1),
         {'kernelSize': 3, 'stride': 2, 'padding': 1}),
    # returnIndices: the indices output (flat positions in each input plane; int64 in PyTorch, integer-valued floats
    # in Seedling). Ties go to the first maximum in window order (the fixed input below is full of them).
    Case('maxPool2d/indices-ties', 'maxPool2d',
         [C([[[[1, 3, 3, 0, 2], [3, 1, 3, 2, 2], [0, 0, 0, 2, 1], [1, 1, 1, 1, 1]], [[5, 5, 5, 5, 5], [5, 5, 5, 5, 5], [4, 5, 4, 5, 4], [5, 4, 5, 4, 5]]]])],
         lambda x: F.max_pool2d(x, 2, stride=1, return_indices=True)[1], {'kernelSize': 2, 'stride': 1, 'returnIndices': True}),
    Case('maxPool2d/indices-padding-dilation-ceil', 'maxPool2d', [I(2, 2, 6, 7, dom='distinct')],
         lambda x: F.max_pool2d(x, (3, 2), stride=2, padding=1, dilation=(1, 2), ceil_mode=True, return_indices=True)[1],
         {'kernelSize': [3, 2], 'stride': 2, 'padding': 1, 'dilation': [1, 2], 'ceilMode': True, 'returnIndices': True}),
    Case('maxPool1d/indices', 'maxPool1d', [I(2, 3, 9, dom='distinct')],
         lambda x: F.max_pool1d(x, 3, stride=2, padding=1, return_indices=True)[1],
         {'kernelSize': 3, 'stride': 2, 'padding': 1, 'returnIndices': True}),
    # maxUnpool2d after maxPool2d(returnIndices): the values and their gradient go back to where the maxima were.
    Case('maxUnpool2d', 'maxUnpool2d', [I(2, 3, 4, 6, dom='distinct')],
         lambda x: unpool(x, {'kernel_size': 2}, kernel_size=2),
         {'pool': {'kernelSize': 2}, 'unpool': {'kernelSize': 2}}),
    # Windows that do not overlap (stride = kernel), so no two indices coincide: where they do (overlapping windows
    # picking the same maximum), PyTorch's gradient gathers the output gradient into every duplicate while
    # Seedling's is the derivative of the write (only the last, winning one); see docs/pytorch-differences.md.
    Case('maxUnpool2d/padding-outputSize', 'maxUnpool2d', [I(1, 2, 7, 6, dom='distinct')],
         lambda x: unpool(x, {'kernel_size': 3, 'stride': 3, 'padding': 1}, kernel_size=3, stride=3, padding=1, output_size=(7, 6)),
         {'pool': {'kernelSize': 3, 'stride': 3, 'padding': 1}, 'unpool': {'kernelSize': 3, 'stride': 3, 'padding': 1, 'outputSize': [7, 6]}}),
    Case('maxUnpool2d/float32-odd', 'maxUnpool2d', [I(2, 2, 5, 5, dom='distinct')],
         lambda x: unpool(x, {'kernel_size': 2}, kernel_size=2, output_size=(5, 5)),
         {'pool': {'kernelSize': 2}, 'unpool': {'kernelSize': 2, 'outputSize': [5, 5]}}, 'float32'),
    Case('avgPool1d', 'avgPool1d', [I(2, 3, 9)], lambda x: F.avg_pool1d(x, 3, stride=2, padding=1, count_include_pad=False),
         {'kernelSize': 3, 'stride': 2, 'padding': 1, 'countIncludePad': False}),
    Case('adaptiveAvgPool1d', 'adaptiveAvgPool1d', [I(2, 3, 7)], lambda x: F.adaptive_avg_pool1d(x, 3), {'outputSize': 3}),
]


# ---------------------------------------------------------------------------------------------------------------
# Losses. Targets are constants; `args` are Seedling's options (camelCase), the lambda PyTorch's.


def _cls(t):
    return t.long()


LOSSES = []
for red in ('mean', 'sum', 'none'):
    LOSSES += [
        Case(f'mseLoss/{red}', 'mseLoss', [I(3, 4), I(3, 4, dom='bool')], lambda x, t, r=red: F.mse_loss(x, t.to(x.dtype), reduction=r), {'reduction': red}),
        Case(f'l1Loss/{red}', 'l1Loss', [I(3, 4, dom='offzero'), C([[0.0] * 4] * 3)], lambda x, t, r=red: F.l1_loss(x, t.to(x.dtype), reduction=r), {'reduction': red}),
        Case(f'crossEntropyLoss/{red}', 'crossEntropyLoss', [I(4, 5), I(4, dom='classes', hi=5)],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r), {'reduction': red}),
        Case(f'crossEntropyLoss/labelSmoothing/{red}', 'crossEntropyLoss', [I(4, 5), I(4, dom='classes', hi=5)],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r, label_smoothing=0.2), {'reduction': red, 'labelSmoothing': 0.2}),
        Case(f'crossEntropyLoss/spatial/{red}', 'crossEntropyLoss', [I(2, 3, 4), I(2, 4, dom='classes', hi=3)],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r), {'reduction': red}),
        Case(f'nllLoss/{red}', 'nllLoss', [I(4, 5), I(4, dom='classes', hi=5)], lambda x, t, r=red: F.nll_loss(x, _cls(t), reduction=r), {'reduction': red}),
        Case(f'bceWithLogitsLoss/{red}', 'bceWithLogitsLoss', [I(3, 4), I(3, 4, dom='bool')],
             lambda x, t, r=red: F.binary_cross_entropy_with_logits(x, t.to(x.dtype), reduction=r), {'reduction': red}),
    ]
# Targets that require grad (distillation, consistency losses): PyTorch differentiates both arguments.
LOSSES += [
    Case('mseLoss/target-grad', 'mseLoss', [I(3, 4), I(3, 4)], F.mse_loss, {}),
    Case('l1Loss/target-grad', 'l1Loss', [I(3, 4, dom='offzero'), I(3, 4, dom='pos')], F.l1_loss, {}),
    Case('bceWithLogitsLoss/target-grad', 'bceWithLogitsLoss', [I(3, 4), I(3, 4, dom='unit')], F.binary_cross_entropy_with_logits, {}),
    Case('mseLoss/float32', 'mseLoss', [I(6, 5), I(6, 5)], F.mse_loss, {}, 'float32'),
    Case('bceWithLogitsLoss/float32', 'bceWithLogitsLoss', [I(6, 5), I(6, 5, dom='unit')], F.binary_cross_entropy_with_logits, {}, 'float32'),
]
LOSSES += [
    Case('crossEntropyLoss/large-logits', 'crossEntropyLoss', [V([[1000.0, -1000.0, 0.0], [-500.0, 500.0, 499.0]]), C([1.0, 2.0])],
         lambda x, t: F.cross_entropy(x, _cls(t)), {}),
    Case('bceWithLogitsLoss/large-logits', 'bceWithLogitsLoss', [V([[-100.0, 100.0, 40.0, -40.0]]), C([[1.0, 0.0, 1.0, 0.0]])],
         lambda x, t: F.binary_cross_entropy_with_logits(x, t.to(x.dtype)), {}),
]
LOSSES += [
    Case('nllLoss/spatial', 'nllLoss', [I(2, 3, 4), I(2, 4, dom='classes', hi=3)], lambda x, t: F.nll_loss(x, _cls(t)), {}),
    Case('nllLoss/single-sample', 'nllLoss', [I(5), C(2.0)], lambda x, t: F.nll_loss(x, _cls(t)), {}),
    Case('crossEntropyLoss/single-sample', 'crossEntropyLoss', [I(5), C(3.0)], lambda x, t: F.cross_entropy(x, _cls(t)), {}),
    Case('bceWithLogitsLoss/soft-targets', 'bceWithLogitsLoss', [I(3, 4), I(3, 4, dom='unit')],
         lambda x, t: F.binary_cross_entropy_with_logits(x, t.to(x.dtype)), {}),
    Case('crossEntropyLoss/float32', 'crossEntropyLoss', [I(6, 4), I(6, dom='classes', hi=4)], lambda x, t: F.cross_entropy(x, _cls(t)), {}, 'float32'),
]
# Awaiting the interop branch: new options and new losses (PyTorch's semantics; names in Seedling's camelCase).
W5 = [0.5, 1.0, 2.0, 0.25, 1.5]
for red in ('mean', 'sum', 'none'):
    LOSSES += [
        Case(f'crossEntropyLoss/ignoreIndex/{red}', 'crossEntropyLoss', [I(6, 5), C([0.0, 2.0, 4.0, 2.0, 1.0, 3.0])],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r, ignore_index=2), {'reduction': red, 'ignoreIndex': 2}),
        Case(f'crossEntropyLoss/weight/{red}', 'crossEntropyLoss', [I(6, 5), I(6, dom='classes', hi=5)],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r, weight=torch.tensor(W5, dtype=x.dtype)), {'reduction': red, 'weight': W5}),
        Case(f'crossEntropyLoss/weight-ignoreIndex-labelSmoothing/{red}', 'crossEntropyLoss', [I(6, 5), C([0.0, 2.0, 4.0, 2.0, 1.0, 3.0])],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r, weight=torch.tensor(W5, dtype=x.dtype), ignore_index=2, label_smoothing=0.1),
             {'reduction': red, 'weight': W5, 'ignoreIndex': 2, 'labelSmoothing': 0.1}),
        Case(f'crossEntropyLoss/weight-labelSmoothing/{red}', 'crossEntropyLoss', [I(6, 5), I(6, dom='classes', hi=5)],
             lambda x, t, r=red: F.cross_entropy(x, _cls(t), reduction=r, weight=torch.tensor(W5, dtype=x.dtype), label_smoothing=0.3),
             {'reduction': red, 'weight': W5, 'labelSmoothing': 0.3}),
        Case(f'crossEntropyLoss/probabilities/{red}', 'crossEntropyLoss', [I(4, 5), I(4, 5, dom='simplex')],
             lambda x, t, r=red: F.cross_entropy(x, t.to(x.dtype), reduction=r), {'reduction': red}),
        Case(f'crossEntropyLoss/probabilities-weight-labelSmoothing/{red}', 'crossEntropyLoss', [I(4, 5), I(4, 5, dom='simplex')],
             lambda x, t, r=red: F.cross_entropy(x, t.to(x.dtype), reduction=r, weight=torch.tensor(W5, dtype=x.dtype), label_smoothing=0.2),
             {'reduction': red, 'weight': W5, 'labelSmoothing': 0.2}),
        Case(f'nllLoss/weight-ignoreIndex/{red}', 'nllLoss', [I(6, 5), C([0.0, 2.0, 4.0, 2.0, 1.0, 3.0])],
             lambda x, t, r=red: F.nll_loss(x, _cls(t), reduction=r, weight=torch.tensor(W5, dtype=x.dtype), ignore_index=2),
             {'reduction': red, 'weight': W5, 'ignoreIndex': 2}),
        Case(f'smoothL1Loss/{red}', 'smoothL1Loss', [I(3, 4, dom='offzero'), C([[0.0, 0.6, -0.2, 1.7]] * 3)],
             lambda x, t, r=red: F.smooth_l1_loss(x, t.to(x.dtype), reduction=r, beta=0.5), {'reduction': red, 'beta': 0.5}),
        Case(f'huberLoss/{red}', 'huberLoss', [I(3, 4, dom='offzero'), C([[0.0, 0.6, -0.2, 1.7]] * 3)],
             lambda x, t, r=red: F.huber_loss(x, t.to(x.dtype), reduction=r, delta=0.7), {'reduction': red, 'delta': 0.7}),
        Case(f'bceWithLogitsLoss/posWeight-weight/{red}', 'bceWithLogitsLoss', [I(3, 4), I(3, 4, dom='unit')],
             lambda x, t, r=red: F.binary_cross_entropy_with_logits(x, t.to(x.dtype), reduction=r, pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0], dtype=x.dtype),
                                                                      weight=torch.tensor([[0.5], [1.0], [2.0]], dtype=x.dtype)),
             {'reduction': red, 'posWeight': [1.0, 2.0, 0.5, 3.0], 'weight': [[0.5], [1.0], [2.0]]}),
        Case(f'klDivLoss/{red}', 'klDivLoss(logSoftmax)', [I(3, 4), I(3, 4, dom='simplex')],
             lambda x, t, r=red: F.kl_div(torch.log_softmax(x, -1), t.to(x.dtype), reduction=r), {'reduction': red}),
        Case(f'klDivLoss/logTarget/{red}', 'klDivLoss(logSoftmax)', [I(3, 4), I(3, 4, dom='logsimplex')],
             lambda x, t, r=red: F.kl_div(torch.log_softmax(x, -1), t.to(x.dtype), reduction=r, log_target=True),
             {'reduction': red, 'logTarget': True}),
    ]
LOSSES += [
    Case('smoothL1Loss/default', 'smoothL1Loss', [I(3, 4, dom='offzero'), C([[0.0, 0.6, -0.2, 1.7]] * 3)],
         lambda x, t: F.smooth_l1_loss(x, t.to(x.dtype)), {}),
    Case('huberLoss/default', 'huberLoss', [I(3, 4, dom='offzero'), C([[0.0, 0.6, -0.2, 1.7]] * 3)],
         lambda x, t: F.huber_loss(x, t.to(x.dtype)), {}),
    Case('klDivLoss/batchmean', 'klDivLoss(logSoftmax)', [I(3, 4), I(3, 4, dom='simplex')],
         lambda x, t: F.kl_div(torch.log_softmax(x, -1), t.to(x.dtype), reduction='batchmean'), {'reduction': 'batchmean'}),
]


# ---------------------------------------------------------------------------------------------------------------
# Layers: the Seedling export, its constructor arguments (spread into `new nn[module](...args)`; an object
# `{module, args}` inside builds a child), the PyTorch module, the input, and the modes of successive steps.
# Every floating parameter and buffer is set to random values first, so γ = 1, β = 0 hide nothing.


@dataclass
class Layer:
    name: str
    module: str
    args: list
    make: Callable[[], torch.nn.Module]
    input: In
    modes: list = field(default_factory=lambda: ['train', 'eval'])
    dtype: str = 'float64'
    rtol: float | None = None  # as Case.rtol


def M(module, *args):
    return {'module': module, 'args': list(args)}


def opts(dtype, **kw):
    """Seedling options of a layer with parameters: PyTorch's options (camelCase) and the dtype."""
    return dict(kw, dtype=dtype)


LAYERS = [
    Layer('Linear', 'Linear', [3, 4, opts('float64')], lambda: torch.nn.Linear(3, 4), I(5, 3)),
    Layer('Linear/no-bias', 'Linear', [3, 4, opts('float64', bias=False)], lambda: torch.nn.Linear(3, 4, bias=False), I(5, 3)),
    Layer('Linear/batched', 'Linear', [3, 2, opts('float64')], lambda: torch.nn.Linear(3, 2), I(2, 4, 3)),
    Layer('Linear/vector', 'Linear', [3, 2, opts('float64')], lambda: torch.nn.Linear(3, 2), I(3)),
    Layer('Linear/float32', 'Linear', [6, 5, opts('float32')], lambda: torch.nn.Linear(6, 5), I(4, 6), dtype='float32'),
    Layer('Sequential', 'Sequential', [M('Linear', 3, 4, opts('float64')), M('ReLU'), M('Linear', 4, 2, opts('float64'))],
          lambda: torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2)), I(5, 3)),
    # The model of issue 10's acceptance test: Linear, BatchNorm1d, GELU, Linear. The first Linear has no bias: in
    # training BatchNorm subtracts the batch mean, so that bias's gradient is 0 and both sides return rounding noise.
    Layer('Sequential/mlp-batchnorm-gelu', 'Sequential',
          [M('Linear', 4, 6, opts('float64', bias=False)), M('BatchNorm1d', 6, opts('float64')), M('GELU'), M('Linear', 6, 3, opts('float64'))],
          lambda: torch.nn.Sequential(torch.nn.Linear(4, 6, bias=False), torch.nn.BatchNorm1d(6), torch.nn.GELU(), torch.nn.Linear(6, 3)), I(8, 4),
          modes=['train', 'train', 'eval']),
    Layer('ReLU', 'ReLU', [], torch.nn.ReLU, I(3, 4, dom='offzero')),
    Layer('LeakyReLU', 'LeakyReLU', [0.2], lambda: torch.nn.LeakyReLU(0.2), I(3, 4, dom='offzero')),
    Layer('Tanh', 'Tanh', [], torch.nn.Tanh, I(3, 4)),
    Layer('Sigmoid', 'Sigmoid', [], torch.nn.Sigmoid, I(3, 4)),
    Layer('GELU', 'GELU', [], torch.nn.GELU, I(3, 4)),
    Layer('GELU/tanh', 'GELU', [{'approximate': 'tanh'}], lambda: torch.nn.GELU(approximate='tanh'), I(3, 4)),
    Layer('GELU/float32', 'GELU', [], torch.nn.GELU, I(3, 4), dtype='float32'),
    Layer('SELU', 'SELU', [], torch.nn.SELU, I(3, 4, dom='offzero')),
    Layer('ELU', 'ELU', [0.5], lambda: torch.nn.ELU(0.5), I(3, 4, dom='offzero')),
    Layer('Softplus', 'Softplus', [{'beta': 2}], lambda: torch.nn.Softplus(beta=2), I(3, 4)),
    Layer('Softmax', 'Softmax', [1], lambda: torch.nn.Softmax(1), I(3, 4)),
    Layer('LogSoftmax', 'LogSoftmax', [0], lambda: torch.nn.LogSoftmax(0), I(3, 4)),
    Layer('Softmax/vector', 'Softmax', [0], lambda: torch.nn.Softmax(0), I(5)),
    Layer('Identity', 'Identity', [], torch.nn.Identity, I(3, 4)),
    Layer('Flatten', 'Flatten', [], torch.nn.Flatten, I(2, 3, 4)),
    Layer('Flatten/range', 'Flatten', [0, 1], lambda: torch.nn.Flatten(0, 1), I(2, 3, 4)),
    # Dropout's random mask differs by design; p = 0 in training and any p in eval are deterministic.
    Layer('Dropout/p0', 'Dropout', [0], lambda: torch.nn.Dropout(0.0), I(3, 4)),
    Layer('Dropout/eval', 'Dropout', [0.5], lambda: torch.nn.Dropout(0.5), I(3, 4), modes=['eval']),
    Layer('LayerNorm', 'LayerNorm', [4, opts('float64')], lambda: torch.nn.LayerNorm(4), I(3, 4)),
    Layer('LayerNorm/2d-eps', 'LayerNorm', [[3, 4], opts('float64', eps=1e-3)], lambda: torch.nn.LayerNorm([3, 4], eps=1e-3), I(2, 3, 4)),
    Layer('LayerNorm/no-affine', 'LayerNorm', [4, opts('float64', elementwiseAffine=False)],
          lambda: torch.nn.LayerNorm(4, elementwise_affine=False), I(3, 4)),
    Layer('LayerNorm/no-bias', 'LayerNorm', [4, opts('float64', bias=False)], lambda: torch.nn.LayerNorm(4, bias=False), I(3, 4)),
    Layer('LayerNorm/vector', 'LayerNorm', [5, opts('float64')], lambda: torch.nn.LayerNorm(5), I(5)),
    Layer('LayerNorm/float32', 'LayerNorm', [5, opts('float32')], lambda: torch.nn.LayerNorm(5), I(3, 5), dtype='float32'),
    Layer('BatchNorm1d', 'BatchNorm1d', [3, opts('float64')], lambda: torch.nn.BatchNorm1d(3), I(6, 3),
          modes=['train', 'train', 'eval', 'train']),
    Layer('BatchNorm1d/3d', 'BatchNorm1d', [3, opts('float64', momentum=0.3, eps=1e-3)],
          lambda: torch.nn.BatchNorm1d(3, momentum=0.3, eps=1e-3), I(2, 3, 4), modes=['train', 'train', 'eval']),
    Layer('BatchNorm1d/cumulative', 'BatchNorm1d', [3, opts('float64', momentum=None)],
          lambda: torch.nn.BatchNorm1d(3, momentum=None), I(5, 3), modes=['train', 'train', 'train', 'eval']),
    Layer('BatchNorm1d/no-affine', 'BatchNorm1d', [3, opts('float64', affine=False)],
          lambda: torch.nn.BatchNorm1d(3, affine=False), I(5, 3), modes=['train', 'eval']),
    Layer('BatchNorm1d/no-running-stats', 'BatchNorm1d', [3, opts('float64', trackRunningStats=False)],
          lambda: torch.nn.BatchNorm1d(3, track_running_stats=False), I(5, 3), modes=['train', 'eval']),
    Layer('BatchNorm1d/float32', 'BatchNorm1d', [4, opts('float32')], lambda: torch.nn.BatchNorm1d(4), I(8, 4),
          modes=['train', 'train', 'eval'], dtype='float32'),
    Layer('Embedding', 'Embedding', [10, 3, opts('float64')], lambda: torch.nn.Embedding(10, 3), I(2, 4, dom='classes', hi=10)),
    # Awaiting the cnn branch.
    Layer('Conv2d', 'Conv2d', [3, 4, 3, opts('float64', padding=1)], lambda: torch.nn.Conv2d(3, 4, 3, padding=1), I(2, 3, 5, 5)),
    Layer('Conv2d/stride-groups-no-bias', 'Conv2d', [4, 6, [3, 2], opts('float64', stride=2, groups=2, bias=False)],
          lambda: torch.nn.Conv2d(4, 6, (3, 2), stride=2, groups=2, bias=False), I(1, 4, 7, 6)),
    Layer('Conv2d/float32', 'Conv2d', [2, 3, 3, opts('float32', padding='same')], lambda: torch.nn.Conv2d(2, 3, 3, padding='same'),
          I(2, 2, 6, 5), dtype='float32'),
    Layer('Conv1d', 'Conv1d', [3, 4, 3, opts('float64', padding=1, stride=2)], lambda: torch.nn.Conv1d(3, 4, 3, padding=1, stride=2), I(2, 3, 9)),
    # paddingMode: the input is padded in that mode, then convolved without padding (PyTorch's padding_mode).
    Layer('Conv2d/paddingMode-zeros', 'Conv2d', [2, 3, 3, opts('float64', padding=[1, 2], paddingMode='zeros')],
          lambda: torch.nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode='zeros'), I(2, 2, 4, 5)),
    Layer('Conv2d/paddingMode-reflect', 'Conv2d', [2, 3, 3, opts('float64', padding=[1, 2], stride=[2, 1], paddingMode='reflect')],
          lambda: torch.nn.Conv2d(2, 3, 3, padding=(1, 2), stride=(2, 1), padding_mode='reflect'), I(2, 2, 4, 5)),
    Layer('Conv2d/paddingMode-replicate', 'Conv2d', [2, 4, [3, 2], opts('float64', padding=[2, 1], dilation=[1, 2], groups=2, paddingMode='replicate')],
          lambda: torch.nn.Conv2d(2, 4, (3, 2), padding=(2, 1), dilation=(1, 2), groups=2, padding_mode='replicate'), I(2, 2, 4, 5)),
    Layer('Conv2d/paddingMode-circular', 'Conv2d', [2, 3, 3, opts('float64', padding=[1, 2], paddingMode='circular')],
          lambda: torch.nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode='circular'), I(2, 2, 4, 5)),
    Layer('Conv2d/paddingMode-reflect-same', 'Conv2d', [2, 3, 4, opts('float64', padding='same', paddingMode='reflect')],
          lambda: torch.nn.Conv2d(2, 3, 4, padding='same', padding_mode='reflect'), I(1, 2, 5, 6)),
    Layer('Conv2d/paddingMode-circular-float32', 'Conv2d', [2, 3, 3, opts('float32', padding=1, paddingMode='circular')],
          lambda: torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular'), I(2, 2, 5, 5), dtype='float32'),
    Layer('Conv1d/paddingMode-reflect', 'Conv1d', [3, 4, 3, opts('float64', padding=2, stride=2, paddingMode='reflect')],
          lambda: torch.nn.Conv1d(3, 4, 3, padding=2, stride=2, padding_mode='reflect'), I(2, 3, 9)),
    Layer('Conv1d/paddingMode-circular-same', 'Conv1d', [3, 2, 4, opts('float64', padding='same', dilation=2, paddingMode='circular')],
          lambda: torch.nn.Conv1d(3, 2, 4, padding='same', dilation=2, padding_mode='circular'), I(2, 3, 8)),
    Layer('Conv1d/paddingMode-replicate', 'Conv1d', [2, 2, 3, opts('float64', padding=1, paddingMode='replicate')],
          lambda: torch.nn.Conv1d(2, 2, 3, padding=1, padding_mode='replicate'), I(2, 2, 6)),
    # outputPadding below dilation (stride 1): refused before PyTorch's "stride or dilation" rule was adopted.
    Layer('ConvTranspose2d/outputPadding-below-dilation', 'ConvTranspose2d', [2, 3, 3, opts('float64', dilation=2, outputPadding=1)],
          lambda: torch.nn.ConvTranspose2d(2, 3, 3, dilation=2, output_padding=1), I(1, 2, 3, 4)),
    Layer('ConvTranspose2d', 'ConvTranspose2d', [3, 2, 3, opts('float64', stride=2, padding=1, outputPadding=1)],
          lambda: torch.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), I(2, 3, 3, 4)),
    Layer('MaxPool2d', 'MaxPool2d', [2], lambda: torch.nn.MaxPool2d(2), I(2, 3, 4, 4, dom='distinct')),
    Layer('MaxPool2d/stride-padding', 'MaxPool2d', [3, {'stride': 2, 'padding': 1}], lambda: torch.nn.MaxPool2d(3, stride=2, padding=1),
          I(1, 2, 5, 5, dom='distinct')),
    Layer('AvgPool2d', 'AvgPool2d', [2, {'stride': 1}], lambda: torch.nn.AvgPool2d(2, stride=1), I(2, 3, 4, 4)),
    Layer('AdaptiveAvgPool2d', 'AdaptiveAvgPool2d', [[2, 3]], lambda: torch.nn.AdaptiveAvgPool2d((2, 3)), I(2, 3, 5, 7)),
    Layer('BatchNorm2d', 'BatchNorm2d', [3, opts('float64')], lambda: torch.nn.BatchNorm2d(3), I(2, 3, 4, 3), modes=['train', 'train', 'eval']),
    Layer('BatchNorm2d/float32', 'BatchNorm2d', [3, opts('float32', momentum=0.2)], lambda: torch.nn.BatchNorm2d(3, momentum=0.2),
          I(4, 3, 3, 3), modes=['train', 'eval'], dtype='float32'),
    Layer('GroupNorm', 'GroupNorm', [2, 4, opts('float64')], lambda: torch.nn.GroupNorm(2, 4), I(3, 4, 3, 2)),
    Layer('GroupNorm/no-affine', 'GroupNorm', [4, 4, opts('float64', affine=False, eps=1e-3)],
          lambda: torch.nn.GroupNorm(4, 4, affine=False, eps=1e-3), I(2, 4, 5)),
    Layer('Dropout2d/p0', 'Dropout2d', [0], lambda: torch.nn.Dropout2d(0.0), I(2, 3, 4, 4)),
    Layer('Dropout2d/eval', 'Dropout2d', [0.5], lambda: torch.nn.Dropout2d(0.5), I(2, 3, 4, 4), modes=['eval']),
    # Awaiting the interop branch.
    Layer('SiLU', 'SiLU', [], torch.nn.SiLU, I(3, 4)),
    Layer('Mish', 'Mish', [], torch.nn.Mish, I(3, 4)),
    Layer('Hardtanh', 'Hardtanh', [], torch.nn.Hardtanh, I(3, 4, dom='offkink')),
    Layer('Hardsigmoid', 'Hardsigmoid', [], torch.nn.Hardsigmoid, I(3, 4, dom='offkink3'), rtol=3e-8),  # 1/6 in float32, see OPS
    Layer('Hardswish', 'Hardswish', [], torch.nn.Hardswish, I(3, 4, dom='offkink3')),
    Layer('LogSigmoid', 'LogSigmoid', [], torch.nn.LogSigmoid, I(3, 4)),
]


def state_of(m: torch.nn.Module) -> dict:
    return {k: enc(v) for k, v in m.state_dict().items()}


def run_layer(c: Layer) -> dict:
    g = gen_for(c.name)
    dtype = DT[c.dtype]
    m = c.make().to(dtype)
    with torch.no_grad():
        for k, v in m.state_dict().items():
            if v.is_floating_point():
                # Running variances must stay positive; everything else is drawn from [-1, 1).
                lo, hi = (0.5, 1.5) if k.endswith('running_var') else (-1.0, 1.0)
                v.copy_(torch.rand(v.shape, generator=g, dtype=torch.float64) * (hi - lo) + lo)
    out = {'name': c.name, 'module': c.module, 'args': c.args, 'dtype': c.dtype, 'state': state_of(m), 'steps': []}
    if c.rtol is not None:
        out['rtol'] = c.rtol
    for mode in c.modes:
        m.train(mode == 'train')
        x = draw(c.input, g, dtype)
        if not c.input.const:
            x.requires_grad_(True)
        m.zero_grad(set_to_none=True)
        y = m(x.long() if c.input.const else x)
        cot = torch.rand(y.shape, generator=g, dtype=torch.float64).mul(2).sub(1).to(y.dtype)
        y.backward(cot)
        step = {'mode': mode, 'input': dict(enc(x), const=c.input.const), 'output': enc(y), 'cotangent': enc(cot),
                'inputGrad': None if c.input.const else enc(x.grad),
                'paramGrads': {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None},
                'state': state_of(m)}
        out['steps'].append(step)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Optimizers: 10 steps on two float64 parameters with stored gradients. `options` are Seedling's (camelCase);
# `groups` (optional) split the parameters into param groups with per-group overrides.


@dataclass
class Opt:
    name: str
    optimizer: str
    options: dict
    make: Callable
    groups: list | None = None  # [{'params': [indices], **overrides}] in Seedling terms
    torch_groups: list | None = None  # the same overrides in PyTorch's names
    dtype: str = 'float64'
    lrs: list | None = None  # the lr of every group set before each step, as a scheduler would


P_SHAPES = [(3, 2), (4,)]
OPTIMIZERS = [
    Opt('SGD', 'SGD', {'lr': 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    Opt('SGD/momentum', 'SGD', {'lr': 0.1, 'momentum': 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    Opt('SGD/momentum-dampening', 'SGD', {'lr': 0.1, 'momentum': 0.8, 'dampening': 0.3},
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.3)),
    Opt('SGD/nesterov', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    Opt('SGD/weightDecay', 'SGD', {'lr': 0.1, 'weightDecay': 0.05}, lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05)),
    Opt('SGD/maximize', 'SGD', {'lr': 0.1, 'maximize': True}, lambda p: torch.optim.SGD(p, lr=0.1, maximize=True)),
    Opt('SGD/all', 'SGD', {'lr': 0.07, 'momentum': 0.7, 'nesterov': True, 'weightDecay': 0.1, 'maximize': True},
        lambda p: torch.optim.SGD(p, lr=0.07, momentum=0.7, nesterov=True, weight_decay=0.1, maximize=True)),
    Opt('SGD/groups', 'SGD', {'lr': 0.1, 'momentum': 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        groups=[{'params': [0]}, {'params': [1], 'lr': 0.01, 'momentum': 0.5}],
        torch_groups=[{}, {'lr': 0.01, 'momentum': 0.5}]),
    Opt('Adam', 'Adam', {'lr': 0.01}, lambda p: torch.optim.Adam(p, lr=0.01)),
    Opt('Adam/amsgrad', 'Adam', {'lr': 0.01, 'amsgrad': True}, lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True)),
    Opt('Adam/weightDecay', 'Adam', {'lr': 0.01, 'weightDecay': 0.1}, lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.1)),
    Opt('Adam/betas-eps', 'Adam', {'lr': 0.02, 'betas': [0.8, 0.9], 'eps': 1e-3}, lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.9), eps=1e-3)),
    Opt('Adam/maximize', 'Adam', {'lr': 0.01, 'maximize': True}, lambda p: torch.optim.Adam(p, lr=0.01, maximize=True)),
    Opt('Adam/all', 'Adam', {'lr': 0.01, 'amsgrad': True, 'weightDecay': 0.05, 'maximize': True},
        lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True, weight_decay=0.05, maximize=True)),
    Opt('Adam/groups', 'Adam', {'lr': 0.01}, lambda p: torch.optim.Adam(p, lr=0.01),
        groups=[{'params': [0], 'amsgrad': True}, {'params': [1], 'lr': 0.03, 'betas': [0.5, 0.99]}],
        torch_groups=[{'amsgrad': True}, {'lr': 0.03, 'betas': (0.5, 0.99)}]),
    Opt('AdamW', 'AdamW', {'lr': 0.01}, lambda p: torch.optim.AdamW(p, lr=0.01)),
    Opt('AdamW/weightDecay-amsgrad', 'AdamW', {'lr': 0.01, 'weightDecay': 0.2, 'amsgrad': True},
        lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.2, amsgrad=True)),
    Opt('AdamW/maximize-betas', 'AdamW', {'lr': 0.02, 'maximize': True, 'betas': [0.7, 0.95], 'eps': 1e-4},
        lambda p: torch.optim.AdamW(p, lr=0.02, maximize=True, betas=(0.7, 0.95), eps=1e-4)),
    Opt('RMSprop', 'RMSprop', {'lr': 0.01}, lambda p: torch.optim.RMSprop(p, lr=0.01)),
    Opt('RMSprop/centered', 'RMSprop', {'lr': 0.01, 'centered': True}, lambda p: torch.optim.RMSprop(p, lr=0.01, centered=True)),
    Opt('RMSprop/momentum', 'RMSprop', {'lr': 0.01, 'momentum': 0.9}, lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.9)),
    Opt('RMSprop/alpha-eps-weightDecay', 'RMSprop', {'lr': 0.01, 'alpha': 0.9, 'eps': 1e-4, 'weightDecay': 0.1},
        lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-4, weight_decay=0.1)),
    Opt('RMSprop/all', 'RMSprop', {'lr': 0.01, 'centered': True, 'momentum': 0.5, 'weightDecay': 0.05, 'maximize': True},
        lambda p: torch.optim.RMSprop(p, lr=0.01, centered=True, momentum=0.5, weight_decay=0.05, maximize=True)),
    Opt('Adagrad', 'Adagrad', {'lr': 0.1}, lambda p: torch.optim.Adagrad(p, lr=0.1)),
    Opt('Adagrad/lrDecay', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.05}, lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05)),
    Opt('Adagrad/weightDecay', 'Adagrad', {'lr': 0.1, 'weightDecay': 0.1}, lambda p: torch.optim.Adagrad(p, lr=0.1, weight_decay=0.1)),
    Opt('Adagrad/initialAccumulatorValue-eps', 'Adagrad', {'lr': 0.1, 'initialAccumulatorValue': 0.5, 'eps': 1e-3},
        lambda p: torch.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.5, eps=1e-3)),
    Opt('Adagrad/maximize', 'Adagrad', {'lr': 0.1, 'maximize': True, 'lrDecay': 0.01},
        lambda p: torch.optim.Adagrad(p, lr=0.1, maximize=True, lr_decay=0.01)),
    # The learning rate changed between steps (as schedulers do) is read at each step.
    Opt('Adam/lr-changes', 'Adam', {'lr': 0.01}, lambda p: torch.optim.Adam(p, lr=0.01), lrs=[0.01 * 0.7 ** t for t in range(10)]),
    Opt('Adagrad/lr-changes', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.1}, lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.1),
        lrs=[0.1, 0.2, 0.05, 0.3, 0.1, 0.01, 0.1, 0.5, 0.2, 0.1]),
    Opt('SGD/lr-changes', 'SGD', {'lr': 0.1, 'momentum': 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        lrs=[0.1, 0.2, 0.05, 0.3, 0.1, 0.01, 0.1, 0.5, 0.2, 0.1]),
    # float32 parameters, as most models have them.
    Opt('SGD/float32', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True), dtype='float32'),
    Opt('Adam/float32', 'Adam', {'lr': 0.01, 'weightDecay': 0.01}, lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01), dtype='float32'),
    Opt('AdamW/float32', 'AdamW', {'lr': 0.01}, lambda p: torch.optim.AdamW(p, lr=0.01), dtype='float32'),
    Opt('RMSprop/float32', 'RMSprop', {'lr': 0.01, 'centered': True, 'momentum': 0.9}, lambda p: torch.optim.RMSprop(p, lr=0.01, centered=True, momentum=0.9), dtype='float32'),
    Opt('Adagrad/float32', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.01}, lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01), dtype='float32'),
]
STEPS = 10


def run_opt(c: Opt) -> dict:
    g = gen_for(c.name)
    dtype = DT[c.dtype]
    params = [(torch.rand(s, generator=g, dtype=torch.float64) * 2 - 1).to(dtype).requires_grad_(True) for s in P_SHAPES]
    init = [enc(p) for p in params]
    if c.groups is None:
        opt = c.make(params)
    else:
        opt = c.make([dict(tg, params=[params[i] for i in grp['params']]) for grp, tg in zip(c.groups, c.torch_groups)])
    steps = []
    for t in range(STEPS):
        if c.lrs is not None:
            for grp in opt.param_groups:
                grp['lr'] = c.lrs[t]
        grads = [(torch.rand(p.shape, generator=g, dtype=torch.float64) * 2 - 1).to(dtype) for p in params]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        opt.step()
        steps.append({'grads': [enc(gr) for gr in grads], 'params': [enc(p) for p in params]})
    return {'name': c.name, 'optimizer': c.optimizer, 'options': c.options, 'groups': c.groups, 'lrs': c.lrs, 'params': init, 'steps': steps}


# ---------------------------------------------------------------------------------------------------------------
# LR schedulers: 30 steps of an SGD (momentum 0.9) with two groups (lr 0.1 and 0.05). Seedling's options;
# nested schedulers are `{scheduler, options}`; a lambda is named and defined on both sides (LAMBDAS).

LAMBDAS = {
    'inverse': lambda e: 1 / (1 + e),
    'power95': lambda e: 0.95 ** e,
    # Seedling's LinearWarmup(warmupSteps: 5) as a PyTorch LambdaLR.
    'warmup5': lambda e: min(1.0, (e + 1) / 5),
}


@dataclass
class Sched:
    name: str
    scheduler: str
    options: dict
    make: Callable
    metrics: list | None = None  # ReduceLROnPlateau
    optimizer: str = 'SGD'  # or 'Adam': momentum is then β₁


def S(scheduler, options):
    return {'scheduler': scheduler, 'options': options}


PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.85, 0.86, 0.84, 0.849, 0.85, 0.9, 0.8, 0.8, 0.8, 0.8, 0.79, 0.795, 0.8, 0.7, 0.7, 0.7, 0.71,
                   0.72, 0.73, 0.6999, 0.7, 0.7, 0.7, 0.7, 0.5, 0.5, 0.5]
SCHEDULERS = [
    Sched('StepLR', 'StepLR', {'stepSize': 7, 'gamma': 0.5}, lambda o: torch.optim.lr_scheduler.StepLR(o, 7, 0.5)),
    Sched('MultiStepLR', 'MultiStepLR', {'milestones': [5, 12, 20], 'gamma': 0.3},
          lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [5, 12, 20], 0.3)),
    Sched('ExponentialLR', 'ExponentialLR', {'gamma': 0.9}, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9)),
    Sched('CosineAnnealingLR', 'CosineAnnealingLR', {'tMax': 10, 'etaMin': 0.001},
          lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.001)),
    Sched('CosineAnnealingLR/long', 'CosineAnnealingLR', {'tMax': 30}, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 30)),
    Sched('LinearLR', 'LinearLR', {'startFactor': 0.25, 'endFactor': 1, 'totalIters': 8},
          lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.25, 1.0, 8)),
    Sched('LinearLR/decay', 'LinearLR', {'startFactor': 1, 'endFactor': 0.1, 'totalIters': 20},
          lambda o: torch.optim.lr_scheduler.LinearLR(o, 1.0, 0.1, 20)),
    Sched('LinearWarmup', 'LinearWarmup', {'warmupSteps': 5}, lambda o: torch.optim.lr_scheduler.LambdaLR(o, LAMBDAS['warmup5'])),
    Sched('LambdaLR', 'LambdaLR', {'lrLambda': 'inverse'}, lambda o: torch.optim.lr_scheduler.LambdaLR(o, LAMBDAS['inverse'])),
    Sched('LambdaLR/per-group', 'LambdaLR', {'lrLambda': ['inverse', 'power95']},
          lambda o: torch.optim.lr_scheduler.LambdaLR(o, [LAMBDAS['inverse'], LAMBDAS['power95']])),
    Sched('OneCycleLR', 'OneCycleLR', {'maxLr': 1, 'totalSteps': 31},
          lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=31)),
    Sched('OneCycleLR/linear-three-phase', 'OneCycleLR',
          {'maxLr': [0.5, 0.2], 'totalSteps': 31, 'annealStrategy': 'linear', 'threePhase': True, 'pctStart': 0.25,
           'divFactor': 10, 'finalDivFactor': 100, 'baseMomentum': 0.8, 'maxMomentum': 0.9},
          lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=[0.5, 0.2], total_steps=31, anneal_strategy='linear', three_phase=True,
                                                        pct_start=0.25, div_factor=10, final_div_factor=100, base_momentum=0.8, max_momentum=0.9)),
    # PyTorch allows exactly total_steps calls of step() (the last one extrapolates the final phase).
    Sched('OneCycleLR/all-steps', 'OneCycleLR', {'maxLr': 0.5, 'totalSteps': 30},
          lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=30)),
    Sched('OneCycleLR/adam-betas', 'OneCycleLR', {'maxLr': 0.01, 'totalSteps': 31, 'baseMomentum': 0.8, 'maxMomentum': 0.95},
          lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.01, total_steps=31, base_momentum=0.8, max_momentum=0.95), optimizer='Adam'),
    Sched('OneCycleLR/epochs-no-momentum', 'OneCycleLR', {'maxLr': 0.3, 'epochs': 4, 'stepsPerEpoch': 8, 'cycleMomentum': False},
          lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.3, epochs=4, steps_per_epoch=8, cycle_momentum=False)),
    Sched('SequentialLR', 'SequentialLR',
          {'schedulers': [S('LinearLR', {'startFactor': 0.1, 'totalIters': 5}), S('ExponentialLR', {'gamma': 0.9})], 'milestones': [5]},
          lambda o: torch.optim.lr_scheduler.SequentialLR(
              o, [torch.optim.lr_scheduler.LinearLR(o, 0.1, 1.0, 5), torch.optim.lr_scheduler.ExponentialLR(o, 0.9)], [5])),
    Sched('SequentialLR/three', 'SequentialLR',
          {'schedulers': [S('LambdaLR', {'lrLambda': 'warmup5'}), S('StepLR', {'stepSize': 4, 'gamma': 0.5}),
                          S('CosineAnnealingLR', {'tMax': 10})], 'milestones': [5, 15]},
          lambda o: torch.optim.lr_scheduler.SequentialLR(
              o, [torch.optim.lr_scheduler.LambdaLR(o, LAMBDAS['warmup5']), torch.optim.lr_scheduler.StepLR(o, 4, 0.5),
                  torch.optim.lr_scheduler.CosineAnnealingLR(o, 10)], [5, 15])),
    Sched('ChainedScheduler', 'ChainedScheduler',
          {'schedulers': [S('LinearLR', {'startFactor': 0.5, 'totalIters': 4}), S('ExponentialLR', {'gamma': 0.9})]},
          lambda o: torch.optim.lr_scheduler.ChainedScheduler(
              [torch.optim.lr_scheduler.LinearLR(o, 0.5, 1.0, 4), torch.optim.lr_scheduler.ExponentialLR(o, 0.9)])),
    Sched('ChainedScheduler/step-multistep', 'ChainedScheduler',
          {'schedulers': [S('StepLR', {'stepSize': 3, 'gamma': 0.8}), S('MultiStepLR', {'milestones': [10, 20], 'gamma': 0.5})]},
          lambda o: torch.optim.lr_scheduler.ChainedScheduler(
              [torch.optim.lr_scheduler.StepLR(o, 3, 0.8), torch.optim.lr_scheduler.MultiStepLR(o, [10, 20], 0.5)])),
    Sched('ReduceLROnPlateau', 'ReduceLROnPlateau', {'patience': 2, 'factor': 0.5},
          lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, patience=2, factor=0.5), PLATEAU_METRICS),
    Sched('ReduceLROnPlateau/abs-cooldown-minLr', 'ReduceLROnPlateau',
          {'patience': 1, 'factor': 0.3, 'thresholdMode': 'abs', 'threshold': 0.01, 'cooldown': 2, 'minLr': [0.01, 0.004]},
          lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, patience=1, factor=0.3, threshold_mode='abs', threshold=0.01,
                                                               cooldown=2, min_lr=[0.01, 0.004]), PLATEAU_METRICS),
    Sched('ReduceLROnPlateau/max', 'ReduceLROnPlateau', {'mode': 'max', 'patience': 0, 'factor': 0.7, 'eps': 1e-3},
          lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode='max', patience=0, factor=0.7, eps=1e-3),
          [-m for m in PLATEAU_METRICS]),
]
SCHED_STEPS = 30


def groups_of(o):
    return {'lr': [grp['lr'] for grp in o.param_groups],
            'momentum': [grp['momentum'] if 'momentum' in grp else grp['betas'][0] for grp in o.param_groups]}


def run_sched(c: Sched) -> dict:
    w = [torch.zeros(2, dtype=torch.float64, requires_grad=True), torch.zeros(3, dtype=torch.float64, requires_grad=True)]
    groups = [{'params': [w[0]], 'lr': 0.1}, {'params': [w[1]], 'lr': 0.05}]
    o = torch.optim.SGD(groups, lr=0.1, momentum=0.9) if c.optimizer == 'SGD' else torch.optim.Adam(groups, lr=0.1, betas=(0.9, 0.999))
    s = c.make(o)
    trace = [groups_of(o)]
    for i in range(SCHED_STEPS):
        o.step()
        if c.metrics is not None:
            s.step(c.metrics[i])
        else:
            s.step()
        trace.append(groups_of(o))
    return {'name': c.name, 'scheduler': c.scheduler, 'options': c.options, 'metrics': c.metrics,
            'optimizer': {'name': c.optimizer, 'lr': [0.1, 0.05], 'momentum': 0.9},
            'lr': [t['lr'] for t in trace], 'momentum': [t['momentum'] for t in trace]}


# ---------------------------------------------------------------------------------------------------------------
# clip_grad_norm_: name, maxNorm, normType.

CLIPS = [
    ('clipGradNorm/l2-clips', 1.0, 2.0),
    ('clipGradNorm/l2-no-clip', 100.0, 2.0),
    ('clipGradNorm/l1', 0.5, 1.0),
    ('clipGradNorm/inf', 0.3, math.inf),
    ('clipGradNorm/p3', 0.7, 3.0),
]


def run_clip(name, max_norm, norm_type) -> dict:
    g = gen_for(name)
    ps = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for s in P_SHAPES]
    for p in ps:
        p.grad = torch.rand(p.shape, generator=g, dtype=torch.float64) * 4 - 2
    before = [enc(p.grad) for p in ps]
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    return {'name': name, 'maxNorm': max_norm, 'normType': 'Infinity' if norm_type == math.inf else norm_type,
            'grads': before, 'totalNorm': float(total), 'clipped': [enc(p.grad) for p in ps]}


# clip_grad_value_: name, clipValue.
CLIP_VALUES = [('clipGradValue', 0.8), ('clipGradValue/small', 0.05)]


def run_clip_value(name, clip_value) -> dict:
    g = gen_for(name)
    ps = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for s in P_SHAPES]
    for p in ps:
        p.grad = torch.rand(p.shape, generator=g, dtype=torch.float64) * 4 - 2
    before = [enc(p.grad) for p in ps]
    torch.nn.utils.clip_grad_value_(ps, clip_value)
    return {'name': name, 'clipValue': clip_value, 'grads': before, 'clipped': [enc(p.grad) for p in ps]}


# ---------------------------------------------------------------------------------------------------------------
# nn.init facts: calculate_gain (Seedling's camelCase name, PyTorch's name, param) and the fans of a weight shape.

GAINS = [('linear', 'linear', None), ('identity', 'linear', None), ('conv1d', 'conv1d', None), ('conv2d', 'conv2d', None),
         ('conv3d', 'conv3d', None), ('convTranspose1d', 'conv_transpose1d', None), ('convTranspose2d', 'conv_transpose2d', None),
         ('convTranspose3d', 'conv_transpose3d', None), ('sigmoid', 'sigmoid', None), ('tanh', 'tanh', None), ('relu', 'relu', None),
         ('leakyRelu', 'leaky_relu', None), ('leakyRelu', 'leaky_relu', 0.2), ('selu', 'selu', None)]
FAN_SHAPES = [[10, 20], [128, 64, 3, 3], [5, 3, 7], [4, 2, 3, 3, 3], [1, 1]]


def run_init() -> list:
    from torch.nn.init import _calculate_fan_in_and_fan_out, calculate_gain
    cases = [{'kind': 'gain', 'name': f'calculateGain/{n}' + ('' if p is None else f'/{p}'), 'nonlinearity': n, 'param': p,
              'gain': calculate_gain(t, p)} for n, t, p in GAINS]
    for s in FAN_SHAPES:
        fan_in, fan_out = _calculate_fan_in_and_fan_out(torch.empty(s))
        cases.append({'kind': 'fans', 'name': 'computeFans/' + 'x'.join(map(str, s)), 'shape': s, 'fanIn': fan_in, 'fanOut': fan_out})
    return cases


# ---------------------------------------------------------------------------------------------------------------
# End-to-end training: the model (Linear, BatchNorm1d, GELU, Linear) trained for 6 steps on mini-batches
# with cross-entropy, each optimizer once: losses, final state dict (running statistics included), eval logits.

TRAINING = [
    ('train/SGD-nesterov', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 1e-3},
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3)),
    ('train/Adam-amsgrad', 'Adam', {'lr': 0.01, 'amsgrad': True}, lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True)),
    ('train/AdamW', 'AdamW', {'lr': 0.01, 'weightDecay': 0.1}, lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    ('train/RMSprop-centered', 'RMSprop', {'lr': 0.005, 'centered': True}, lambda p: torch.optim.RMSprop(p, lr=0.005, centered=True)),
    ('train/Adagrad', 'Adagrad', {'lr': 0.05}, lambda p: torch.optim.Adagrad(p, lr=0.05)),
]
# The first Linear has no bias: before BatchNorm in training its gradient is 0 up to rounding noise, which adaptive
# optimizers (Adagrad, Adam) scale up to full-size steps of arbitrary sign: not a fair comparison.
TRAIN_MODEL = [M('Linear', 4, 8, opts('float64', bias=False)), M('BatchNorm1d', 8, opts('float64')), M('GELU'), M('Linear', 8, 3, opts('float64'))]


def run_training(name, optimizer, options, make) -> dict:
    g = gen_for(name)
    m = torch.nn.Sequential(torch.nn.Linear(4, 8, bias=False), torch.nn.BatchNorm1d(8), torch.nn.GELU(), torch.nn.Linear(8, 3)).double()
    with torch.no_grad():
        for k, v in m.state_dict().items():
            if v.is_floating_point():
                lo, hi = (0.5, 1.5) if k.endswith('running_var') else (-1.0, 1.0)
                v.copy_(torch.rand(v.shape, generator=g, dtype=torch.float64) * (hi - lo) + lo)
    init = state_of(m)
    x = torch.rand((24, 4), generator=g, dtype=torch.float64) * 4 - 2
    y = torch.randint(0, 3, (24,), generator=g)
    opt = make(m.parameters())
    losses = []
    m.train()
    for step in range(6):
        batch = slice((step % 3) * 8, (step % 3) * 8 + 8)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(m(x[batch]), y[batch])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    m.eval()
    with torch.no_grad():
        logits = m(x)
    return {'name': name, 'model': {'module': 'Sequential', 'args': TRAIN_MODEL}, 'optimizer': optimizer, 'options': options,
            'state': init, 'x': enc(x), 'y': [int(v) for v in y.tolist()], 'batch': 8, 'losses': losses,
            'finalState': state_of(m), 'evalLogits': enc(logits)}


# ---------------------------------------------------------------------------------------------------------------


def write(rel: str, cases: list) -> None:
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    names = [c['name'] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f'duplicate case names in {rel}: {sorted(dup)}')
    doc = {'generator': 'scripts/golden/generate.py', 'torch': torch.__version__, 'cases': cases}
    with open(path, 'w') as f:
        # One case per line: small diffs when a case changes.
        f.write('{"generator": %s, "torch": %s, "cases": [\n' % (json.dumps(doc['generator']), json.dumps(doc['torch'])))
        f.write(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in cases))
        f.write('\n]}\n')
    print(f'{rel}: {len(cases)} cases, {os.path.getsize(path)} bytes')


def main() -> None:
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    write('packages/autograd/test/golden/ops.json', [run_case(c) for c in OPS])
    write('packages/nn/test/golden/losses.json', [run_case(c) for c in LOSSES])
    write('packages/nn/test/golden/layers.json', [run_layer(c) for c in LAYERS])
    write('packages/nn/test/golden/init.json', run_init())
    write('packages/optim/test/golden/optimizers.json', [run_opt(c) for c in OPTIMIZERS])
    write('packages/seedling/test/golden/training.json', [run_training(*c) for c in TRAINING])
    write('packages/optim/test/golden/schedulers.json',
          [dict(run_sched(c), kind='scheduler') for c in SCHEDULERS] + [dict(run_clip(*c), kind='clip') for c in CLIPS]
          + [dict(run_clip_value(*c), kind='clipValue') for c in CLIP_VALUES])


if __name__ == '__main__':
    main()
