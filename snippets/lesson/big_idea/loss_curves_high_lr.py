from lrlab.pipeline import compare_fixed_and_steplr, make_task
from lrlab.plots import chart, line_svg

# The before/after pair: start rate 1.0, StepLR(step_size=20, gamma=0.1), 60 epochs.
pair = compare_fixed_and_steplr(
    make_task(), lr=1.0, epochs=60, step_size=20, gamma=0.1
)
fixed = [round(r.train_loss, 4) for r in pair.fixed]
stepped = [round(r.train_loss, 4) for r in pair.scheduled]
svg = line_svg(
    {"fixed lr 1.0": fixed, "StepLR from 1.0": stepped},
    title="Start rate 1.0: train loss per epoch",
    xlabel="epoch",
    ylabel="mean train loss",
)
rows = [
    (str(r.epoch), f"{a:.4f}", f"{b:.4f}", f"{r.lr_used:.4g}")
    for r, a, b in zip(pair.scheduled, fixed, stepped, strict=True)
]
caption = "Start rate 1.0: fixed rate against StepLR(step_size=20, gamma=0.1)"
print(
    chart(
        svg,
        caption,
        ("epoch", "fixed: loss", "StepLR: loss", "StepLR: lr used"),
        rows,
    )
)
