import torch
from torch import nn

from lrlab.pipeline import run_pipeline

# CrossEntropyLoss applies log-softmax itself, so it must be given logits.
run = run_pipeline()
with torch.no_grad():
    logits = run.model(run.task.x_test)
probs = torch.softmax(logits, dim=1)  # what a Softmax layer would output
loss_fn = nn.CrossEntropyLoss()
right = loss_fn(logits, run.task.y_test)
wrong = loss_fn(probs, run.task.y_test)
# With 2 classes, probabilities can only be (1, 0) at best, (0, 1) at worst:
true_class = torch.tensor([0])
best = loss_fn(torch.tensor([[1.0, 0.0]]), true_class)
worst = loss_fn(torch.tensor([[0.0, 1.0]]), true_class)
print(f"test loss, logits into CrossEntropyLoss:        {right:.4f}")
print(f"test loss, probabilities into CrossEntropyLoss: {wrong:.4f}")
print(f"lowest loss the second can ever reach:          {best:.4f}")
print(f"highest loss the second can ever reach:         {worst:.4f}")
