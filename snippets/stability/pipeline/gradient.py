import torch

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp
from lrlab.tables import table

data = load_data()
x, y = data.x_train[:100], data.y_train[:100]
model = build_tanh_mlp()
target = torch.nn.functional.one_hot(y, 10).float()
loss = 0.5 * ((model(x) - target) ** 2).sum(dim=1).mean()

# One backward pass: a gradient of each parameter's shape.
loss.backward()
rows = [
    (name, str(tuple(p.grad.shape)), f"{p.grad.norm():.4f}")
    for name, p in model.named_parameters()
]
total = torch.sqrt(sum((p.grad**2).sum() for p in model.parameters()))
rows.append(("all", "", f"{total:.4f}"))
print(table(("parameter", "gradient shape", "gradient norm"), rows))
