"""Golden values for Seedling's convolution and pooling ops, computed by PyTorch (float64).

Each case: inputs, the op's options in Seedling's names, the output y and the gradients of
sum(y * r) for a random r, with respect to every differentiable input.
Run: python3 scripts/golden/cnn_ops.py > packages/autograd/test/fixtures/conv-torch.json
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(16)
torch.set_default_dtype(torch.float64)


def t(shape):
    return torch.randn(*shape, requires_grad=True)


def case(op, inputs, options, fn):
    y = fn(*inputs)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    return {
        'op': op,
        'options': options,
        'inputs': [{'shape': list(x.shape), 'data': x.detach().flatten().tolist()} for x in inputs],
        'r': r.flatten().tolist(),
        'y': {'shape': list(y.shape), 'data': y.detach().flatten().tolist()},
        'grads': [x.grad.flatten().tolist() for x in inputs],
    }


cases = []
conv2d = [
    dict(x=[2, 3, 7, 6], w=[4, 3, 3, 3], bias=True, o={}),
    dict(x=[2, 4, 8, 7], w=[6, 2, 3, 2], bias=True, o={'stride': [2, 1], 'padding': [1, 2], 'dilation': [1, 2], 'groups': 2}),
    dict(x=[1, 3, 6, 6], w=[3, 1, 3, 3], bias=False, o={'padding': 1, 'groups': 3}),
    dict(x=[2, 2, 6, 5], w=[3, 2, 4, 2], bias=True, o={'padding': 'same', 'dilation': 2}),
    dict(x=[1, 2, 9, 9], w=[2, 2, 3, 3], bias=False, o={'stride': 3, 'padding': 'valid'}),
]
for c in conv2d:
    o = c['o']
    tp = {'stride': o.get('stride', 1), 'padding': o.get('padding', 0), 'dilation': o.get('dilation', 1), 'groups': o.get('groups', 1)}
    ins = [t(c['x']), t(c['w'])] + ([t([c['w'][0]])] if c['bias'] else [])
    cases.append(case('conv2d', ins, o, lambda x, w, b=None, tp=tp: F.conv2d(x, w, b, **tp)))

convt = [
    dict(x=[2, 3, 4, 5], w=[3, 2, 3, 3], o={}),
    dict(x=[1, 4, 3, 4], w=[4, 3, 3, 2], o={'stride': 2, 'padding': [1, 0], 'outputPadding': [1, 0], 'dilation': [1, 2], 'groups': 2}),
]
for c in convt:
    o = c['o']
    tp = {'stride': o.get('stride', 1), 'padding': o.get('padding', 0), 'output_padding': o.get('outputPadding', 0), 'dilation': o.get('dilation', 1), 'groups': o.get('groups', 1)}
    ins = [t(c['x']), t(c['w']), t([c['w'][1] * tp['groups']])]
    cases.append(case('convTranspose2d', ins, o, lambda x, w, b, tp=tp: F.conv_transpose2d(x, w, b, **tp)))

cases.append(case('conv1d', [t([2, 4, 9]), t([6, 2, 3]), t([6])], {'stride': 2, 'padding': 1, 'dilation': 2, 'groups': 2},
                  lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2, groups=2)))

for o in [{'kernelSize': 2}, {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True}, {'kernelSize': [2, 3], 'stride': [1, 2], 'dilation': [2, 1]}]:
    tp = {'kernel_size': o['kernelSize'], 'stride': o.get('stride'), 'padding': o.get('padding', 0), 'dilation': o.get('dilation', 1), 'ceil_mode': o.get('ceilMode', False)}
    cases.append(case('maxPool2d', [t([2, 3, 7, 8])], o, lambda x, tp=tp: F.max_pool2d(x, **tp)))

for o in [{'kernelSize': 2}, {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False},
          {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True}, {'kernelSize': [3, 2], 'padding': [1, 1], 'divisorOverride': 5}]:
    tp = {'kernel_size': o['kernelSize'], 'stride': o.get('stride'), 'padding': o.get('padding', 0), 'ceil_mode': o.get('ceilMode', False),
          'count_include_pad': o.get('countIncludePad', True), 'divisor_override': o.get('divisorOverride')}
    cases.append(case('avgPool2d', [t([2, 3, 7, 8])], o, lambda x, tp=tp: F.avg_pool2d(x, **tp)))

for size in [1, [3, 2], [5, 7]]:
    cases.append(case('adaptiveAvgPool2d', [t([2, 2, 7, 6])], {'outputSize': size}, lambda x, s=size: F.adaptive_avg_pool2d(x, s)))

cases.append(case('maxPool1d', [t([2, 3, 9])], {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True},
                  lambda x: F.max_pool1d(x, 3, 2, 1, ceil_mode=True)))
cases.append(case('avgPool1d', [t([2, 3, 9])], {'kernelSize': 3, 'stride': 2, 'padding': 1, 'countIncludePad': False},
                  lambda x: F.avg_pool1d(x, 3, 2, 1, count_include_pad=False)))

print(json.dumps({'generator': 'scripts/golden/cnn_ops.py', 'torch': torch.__version__, 'cases': cases}))
