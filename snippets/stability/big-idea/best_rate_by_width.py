from lrlab.explorer import Panel, training_explorer
from lrlab.stability import rate_sweep
from lrlab.stability.said import bullets, width_sentences, width_table

# Adam on 64 -> width -> width -> 10 MLPs, 48 steps of batch 64, at five
# rates a factor 2 apart, on seeds 0, 1, 2 (each its own split, weights and
# batch order). A run's score is its mean mini-batch loss over the last
# quarter of its steps. At the base width muP is the same net trained with
# the same rates as SP (every factor is 1), so its row is SP's: run once.
rates = [2.0**-k for k in range(8, 3, -1)]
seeds, steps, base = [0, 1, 2], 48, 64
sp = rate_sweep([64, 128, 256], rates, seeds, "SP", steps)
mup = rate_sweep([128, 256], rates, seeds, "muP", steps, base_width=base)
grids = {"SP": sp.cells, "muP": (sp.cells[0], *mup.cells)}
best = {"SP": sp.best, "muP": (sp.best[0], *mup.best)}
print(width_table(grids, best))
print(bullets(width_sentences(grids, best)))

# What the page says around this table, checked against the runs: under SP
# the best rate moved between the narrowest and the widest net.
assert sp.best[-1].rate != sp.best[0].rate

# The same runs, to explore: a curve is one (scheme, width), its loss at
# each rate (the mean over the seeds), so its lowest point is the best rate.
widths = list(sp.widths)
print(
    training_explorer(
        "stability-width",
        grid={"scheme": ["SP", "muP"], "width": widths},
        default={"scheme": "SP", "width": widths[-1]},
        run=lambda scheme, width: [
            [c.mean for c in grids[scheme][widths.index(width)]]
        ],
        describe=lambda scheme, width: (
            f"rate_sweep([{width}], rates, {seeds}, 'muP', {steps}, base_width={base})"
            if scheme == "muP" and width != base
            else f"rate_sweep([{width}], rates, {seeds}, 'SP', {steps})"
        ),
        panels=[
            Panel(
                "loss over the last quarter (mean of 3 seeds)",
                xlabel="rate: 1/256, 1/128, 1/64, 1/32, 1/16 (x2 per point)",
                value_header="mean loss",
                index_header="rate point",
                show_t=False,
            )
        ],
        note=(
            "Every point is a recorded PyTorch run: the build trained each width "
            f"at each of the {len(rates)} rates on {len(seeds)} seeds with Adam "
            f"for {steps} steps, under both schemes (muP relative to width "
            f"{base})."
        ),
        title="The best rate by width",
        recorded=f"{steps} steps of Adam, mean of {len(seeds)} seeds",
    )
)
