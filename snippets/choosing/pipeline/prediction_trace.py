import torch

from lrlab.digits import build_mlp, load_data, train, wsd_factor

# One test image through the network, before and after the WSD run above.
data = load_data()
image, label = data.x_test[:1], data.y_test[0].item()


def wsd(optimizer, total):
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: wsd_factor(step, total, warmup=data.steps_per_epoch()),
    )


for when, model in (
    ("before training", build_mlp()),
    ("after training", train(data, 0.3, epochs=10, schedule=wsd).model),
):
    model.eval()
    with torch.no_grad():
        logits = model(image)[0]
    probabilities = torch.softmax(logits, dim=0)
    top = torch.topk(probabilities, 3)
    ranked = ", ".join(
        f"{digit}: {p:.3f}"
        for p, digit in zip(top.values.tolist(), top.indices.tolist())
    )
    print(
        f"{when}: logits {tuple(logits.shape)}, predicted {logits.argmax().item()}"
    )
    print(f"  softmax, top three digits: {ranked}")
print(f"the image's label: {label}")
