import schedulefree
from torch import nn

from lrlab.digits import build_mlp, evaluate, load_data, train_loader
from lrlab.tables import table

# Schedule-free SGD, peak 0.3, 10 epochs; after each epoch the test set is scored twice: in
# eval() mode (the averaged weights x, what the method returns) and, forgetting eval(), in
# train() mode (the weights y the gradients are taken at).
data = load_data()
model = build_mlp()
optimizer = schedulefree.SGDScheduleFree(
    model.parameters(), lr=0.3, momentum=0.9
)
loss_fn = nn.CrossEntropyLoss()
rows, higher, lower = [], 0, 0
for epoch in range(1, 11):
    optimizer.train()
    for x, y in train_loader(data, seed=data.seed + epoch):
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    forgot_loss, forgot_acc = evaluate(
        model, data.x_test, data.y_test
    )  # still train mode
    optimizer.eval()
    right_loss, right_acc = evaluate(model, data.x_test, data.y_test)
    higher += forgot_acc > right_acc
    lower += forgot_acc < right_acc
    rows.append(
        (
            str(epoch),
            f"{right_acc:.3f}",
            f"{forgot_acc:.3f}",
            f"{right_loss:.4f}",
            f"{forgot_loss:.4f}",
        )
    )
headers = (
    "epoch",
    "acc, eval()",
    "acc, no eval()",
    "loss, eval()",
    "loss, no eval()",
)
print(table(headers, rows))
print()
print(
    f"without eval(), the test accuracy was higher in {higher} epochs, lower in {lower}, "
    f"the same in {10 - higher - lower}"
)
