import torch
from torch import nn

from lrlab.pipeline import run_pipeline

# CrossEntropyLoss applies log-softmax itself, so it must be given logits.
run = run_pipeline()
with torch.no_grad():
    logits = run.model(run.task.x_test)
probs = torch.softmax(logits, dim=1)  # what a Softmax layer in the model would output
loss_fn = nn.CrossEntropyLoss()
right = loss_fn(logits, run.task.y_test)
wrong = loss_fn(probs, run.task.y_test)
# The best case for probabilities, with 2 classes: (1, 0) for the true class.
floor = loss_fn(torch.tensor([[1.0, 0.0]]), torch.tensor([0]))
print(f"test loss, logits into CrossEntropyLoss:        {right:.4f}")
print(f"test loss, probabilities into CrossEntropyLoss: {wrong:.4f}")
print(f"lowest loss the second can ever reach:          {floor:.4f}")
