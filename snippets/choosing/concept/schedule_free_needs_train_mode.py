import schedulefree
import torch

# A schedule-free optimizer starts in eval mode: step() before train() refuses to run.
model = torch.nn.Linear(4, 2)
optimizer = schedulefree.SGDScheduleFree(model.parameters(), lr=0.1)
model(torch.ones(1, 4)).sum().backward()
optimizer.step()
