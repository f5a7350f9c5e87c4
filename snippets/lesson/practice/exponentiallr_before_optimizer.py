import warnings

import torch

opt = torch.optim.Adam([torch.nn.Parameter(torch.randn(3, 3))], lr=0.01)
scheduler = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for epoch in range(1, 6):
        scheduler.step()
        print(f"Epoch {epoch}: lr = {opt.param_groups[0]['lr']:.6f}")
        opt.step()  # the epoch's update, at the rate printed above

# What PyTorch itself says about this loop (its warning's first sentence):
print(str(caught[0].message).split(". ")[0])
