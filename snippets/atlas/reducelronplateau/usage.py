import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
    optimizer, factor=0.5, patience=2
)

# Validation losses of ten epochs (made up, as a real run would report them).
val_losses = [1.0, 0.8, 0.7, 0.69, 0.70, 0.71, 0.69, 0.70, 0.72, 0.71]
for epoch, val_loss in enumerate(val_losses, start=1):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # a real loop trains the epoch here
    scheduler.step(val_loss)  # the metric is required
    print(f"epoch {epoch}: lr = {lr_used:.4f}, val loss = {val_loss:.2f}")
