from lrlab.digits import load_data, train, wsd_factor
from lrlab.plots import Series, chart, line_svg

# The same run as the trace above, through lrlab's train(): the rate and the train loss of every
# one of its 450 steps (the loss averaged over the last 45 steps, one epoch).
data = load_data()
warmup = data.steps_per_epoch()


def wsd(optimizer, total):
    import torch

    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: wsd_factor(step, total, warmup=warmup)
    )


run = train(data, 0.3, epochs=10, schedule=wsd)
smoothed = run.smoothed(window=warmup)
print(
    line_svg(
        [Series("learning rate", run.rates)],
        title="WSD from a peak of 0.3: the rate of every step",
        xlabel="optimizer step",
        ylabel="learning rate",
        height=2.6,
    )
)
caption = "The train loss, averaged over the last epoch's steps"
svg = line_svg(
    [Series("train loss", smoothed)],
    title=caption,
    xlabel="optimizer step",
    ylabel="train loss",
)
rows = [
    (str(i + 1), f"{run.rates[i]:.4f}", f"{smoothed[i]:.4f}")
    for i in sorted({*range(0, run.steps, 15), run.steps - 1})
]
print(
    chart(
        svg,
        caption,
        ("step", "learning rate", "train loss (last 45 steps)"),
        rows,
    )
)
print(
    f"<p>Final test accuracy {run.test_acc:.3f}, test loss {run.test_loss:.4f}.</p>"
)
