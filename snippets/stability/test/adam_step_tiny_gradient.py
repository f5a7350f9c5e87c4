import torch

# One weight whose gradient is 1e-10, far below Adam's eps (1e-8 by
# default). How far does Adam's first step move it at lr 0.01?
weight = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.Adam([weight], lr=0.01)
loss = 1e-10 * weight.sum()  # its gradient is 1e-10
loss.backward()
optimizer.step()
step = weight.detach().abs().item()
eps = optimizer.param_groups[0]["eps"]
print(f"gradient {weight.grad.item():.3g}, eps {eps:.3g}")
print(f"step / lr = {step / 0.01:.3g}")
print(f"{step:.2g}")
