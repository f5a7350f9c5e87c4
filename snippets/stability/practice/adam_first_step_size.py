import torch

# One tensor of three weights whose gradients differ a millionfold:
# the loss is 0.001 w0 + 1 w1 + 1000 w2. One step of Adam at lr 0.01.
lr = 0.01
weights = torch.zeros(3, requires_grad=True)
scales = torch.tensor([1e-3, 1.0, 1e3])
optimizer = torch.optim.Adam([weights], lr=lr)
(scales * weights).sum().backward()
optimizer.step()
moves = weights.detach().abs()
for g, d in zip(scales.tolist(), moves.tolist()):
    print(f"gradient {g:g}: moved {d:.6f} = {d / lr:.4f} x lr")
if torch.allclose(moves, torch.full((3,), lr), rtol=1e-3):
    print("about lr for each")
elif torch.allclose(moves, lr * scales, rtol=1e-3):
    print("lr times the gradient")
else:
    print("something else")
