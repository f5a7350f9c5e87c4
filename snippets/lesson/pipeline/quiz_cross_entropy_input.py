import torch
from torch import nn

from lrlab.pipeline import run_pipeline

# The trained model's outputs on the test rows, scored two ways.
run = run_pipeline()
with torch.no_grad():
    logits = run.model(run.task.x_test)
y = run.task.y_test
ce = nn.CrossEntropyLoss()(logits, y)
by_hand = nn.NLLLoss()(torch.log_softmax(logits, dim=1), y)
print(f"CrossEntropyLoss(logits):      {ce:.6f}")
print(f"NLLLoss(log_softmax(logits)):  {by_hand:.6f}")
print(
    "log-softmax inside" if torch.allclose(ce, by_hand) else "something else"
)
