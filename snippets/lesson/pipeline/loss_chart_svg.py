from lrlab.pipeline import run_pipeline, shown_losses
from lrlab.plots import chart, line_svg

run = run_pipeline()
losses = shown_losses(run.records)  # the values the epoch table shows
svg = line_svg(
    {"train loss": losses},
    title="Train loss per epoch",
    xlabel="epoch",
    ylabel="mean loss",
)
rows = [
    (str(r.epoch), f"{loss:.4f}")
    for r, loss in zip(run.records, losses, strict=True)
]
print(
    chart(
        svg,
        "Mean train loss per epoch, StepLR from 0.1",
        ("epoch", "train loss"),
        rows,
    )
)
