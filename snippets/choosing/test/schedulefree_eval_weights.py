import torch

from lrlab.digits import evaluate, load_data, train

# Schedule-free SGD (momentum 0.9) at lr 0.3 for 5 epochs. train() ends
# with optimizer.eval(), as the authors require; optimizer.train() then puts
# the model back in the state a loop that never calls eval() evaluates.
data = load_data(0)
run = train(data, 0.3, epochs=5, optimizer="SGD schedule-free")
model, optimizer = run.model, run.optimizer

x_weights = [p.detach().clone() for p in model.parameters()]
x_loss, x_acc = evaluate(model, data.x_test, data.y_test)
# what the model holds if optimizer.eval() is never called
optimizer.train()
y_loss, y_acc = evaluate(model, data.x_test, data.y_test)
same = all(torch.equal(a, b) for a, b in zip(x_weights, model.parameters()))

print(f"after optimizer.eval(): loss {x_loss:.4f}, accuracy {x_acc:.3f}")
print(f"without it:             loss {y_loss:.4f}, accuracy {y_acc:.3f}")
print("same weights" if same else "different weights")
