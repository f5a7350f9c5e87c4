import torch

opt = torch.optim.SGD([torch.nn.Parameter(torch.randn(2, 2))], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)

for _ in range(3):
    scheduler.step()
    current_lr = opt.param_groups[0]["lr"]

print(current_lr)
