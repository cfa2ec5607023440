"""Golden values for a LeNet-style CNN: the same weights in PyTorch and Seedling must give the same
outputs, loss and gradients (issue 16's acceptance test). float64, train mode (BatchNorm2d uses batch
statistics and updates its running stats).

Run: python3 scripts/golden/cnn_lenet.py > packages/nn/test/fixtures/cnn-lenet-torch.json
"""
import json
import torch
import torch.nn as nn

torch.manual_seed(1998)
torch.set_default_dtype(torch.float64)

model = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2),    # 0
    nn.BatchNorm2d(6),                # 1
    nn.ReLU(),                        # 2
    nn.MaxPool2d(2),                  # 3
    nn.Conv2d(6, 16, 5),              # 4
    nn.GroupNorm(4, 16),              # 5
    nn.Tanh(),                        # 6
    nn.AvgPool2d(2),                  # 7
    nn.Flatten(),                     # 8
    nn.Linear(64, 32),                # 9
    nn.ReLU(),                        # 10
    nn.Linear(32, 10),                # 11
)
# Non-trivial affine parameters, so a swapped γ/β would show.
with torch.no_grad():
    for m in (model[1], model[5]):
        m.weight.uniform_(0.5, 1.5)
        m.bias.uniform_(-0.5, 0.5)

x = torch.randn(4, 1, 16, 16)
y = torch.tensor([3, 1, 4, 1])
state = {k: {'shape': list(v.shape), 'data': v.flatten().tolist()} for k, v in model.state_dict().items()}
logits = model(x)
loss = nn.functional.cross_entropy(logits, y)
loss.backward()
print(json.dumps({
    'generator': 'scripts/golden/cnn_lenet.py',
    'torch': torch.__version__,
    'input': {'shape': list(x.shape), 'data': x.flatten().tolist()},
    'targets': y.tolist(),
    'state': state,
    'logits': logits.detach().flatten().tolist(),
    'loss': loss.item(),
    'grads': {k: p.grad.flatten().tolist() for k, p in model.named_parameters()},
    'runningAfter': {k: v.flatten().tolist() for k, v in model.state_dict().items() if 'running' in k},
}))
