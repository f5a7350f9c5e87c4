import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lr_lambda=lambda step: 0.9**step
)
for _ in range(3):
    optimizer.step()
    scheduler.step()
state = scheduler.state_dict()
for key in sorted(state):
    print(f"{key}: {state[key]!r}")
