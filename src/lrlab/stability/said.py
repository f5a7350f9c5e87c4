"""What the stability runs say: the charts, tables and sentences the lesson's pages print, made
from the runs (every number and every word that depends on one), so that a page's snippet shows
the experiment and what it printed, not the wording. Nothing here prints or trains.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

from lrlab.compare import compare
from lrlab.stability.batch import BatchSweep, NoisePoint
from lrlab.stability.sharpness import SharpnessTrace, edge_summary
from lrlab.stability.width import Best, Cell
from lrlab.tables import table

Traces = Mapping[float, Sequence[SharpnessTrace]]
BestOf = Mapping[str, Sequence[Best]]


def _spread(triple: tuple[float, float, float], digits: int = 2) -> str:
    mean, low, high = triple
    return f"{mean:.{digits}f} ({low:.{digits}f} to {high:.{digits}f})"


def bullets(sentences: Sequence[str]) -> str:
    """Sentences as an HTML list (escaped)."""
    return "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>"


def sharpness_chart(traces: Traces) -> str:
    """The sharpness of every run against the step, one colour per rate, each rate's 2 / lr
    dashed, with the values behind the chart (`lrlab.plots.chart`)."""
    from lrlab.plots import INK, PALETTE, chart, finish, height_for, svg_figure, svg_text

    rates = list(traces)
    seeds = [run.seed for run in traces[rates[0]]]
    caption = (
        f"Sharpness during full-batch gradient descent, {len(seeds)} seeds per rate; dashed: 2 / lr"
    )
    entries = 2 * len(rates)  # legend: each rate's lines and its 2 / lr
    with svg_figure(height=height_for(3.4, caption, entries)) as (fig, ax):
        for index, (lr, runs) in enumerate(traces.items()):
            color = PALETTE[index]
            for k, run in enumerate(runs):
                label = f"lr {lr}: sharpness" if k == 0 else None
                ax.plot(run.sharpness_steps, run.sharpness, color=color, marker="o", label=label)
            ax.axhline(2 / lr, color=color, ls="--", lw=1.2, label=f"2 / {lr} = {2 / lr:.1f}")
        ax.set_xlabel("step")
        ax.set_ylabel("largest Hessian eigenvalue")
        ax.grid(alpha=0.25, color=INK)
        finish(fig, ax, caption, entries)
        svg = svg_text(fig, caption)
    headers = ["step"] + [f"lr {lr}, seed {run.seed}" for lr in rates for run in traces[lr]]
    steps = traces[rates[0]][0].sharpness_steps
    rows = [
        [str(step)] + [f"{run.sharpness[i]:.2f}" for lr in rates for run in traces[lr]]
        for i, step in enumerate(steps)
    ]
    return chart(svg, caption, headers, rows)


def edge_sentences(traces: Traces, reach: float = 0.95) -> list[str]:
    """Per rate: where the sharpness starts against 2 / lr and whether it rises on every seed;
    when (if) it reaches ``reach`` of 2 / lr and whether it then stays near it (within 20 %)
    over the run's last half; how often the loss rose and where it ended."""
    said = []
    for lr, runs in traces.items():
        edge = edge_summary(runs, reach=reach)
        rose = all(run.rise() > 1 for run in runs)
        start = [run.ratios()[0] for run in runs]
        said.append(
            f"At lr {lr} (2 / lr = {2 / lr:.1f}) the sharpness starts at "
            f"{min(start):.2f} to {max(start):.2f} times 2 / lr and "
            + ("rises on every seed" if rose else "does not rise on every seed")
            + f", to {_spread(edge.rise)} times its start."
        )
        steps, half = runs[0].steps, runs[0].steps // 2  # edge_summary's late half
        every = runs[0].sharpness_steps[1] - runs[0].sharpness_steps[0]
        final = [run.ratios()[-1] for run in runs]
        if None in edge.reached:
            firsts = ", ".join("never" if at is None else f"step {at}" for at in edge.reached)
            said.append(
                f"It does not reach {reach:g} of 2 / lr on every seed within {steps} steps "
                f"(seed by seed: {firsts})."
            )
        elif max(edge.reached) > half:
            said.append(
                f"It reaches {reach:g} of 2 / lr on every seed only late, by step "
                f"{max(edge.reached)} of {steps}, and ends at {min(final):.2f} to "
                f"{max(final):.2f} times 2 / lr: too late in this run to see whether it "
                "stays there."
            )
        else:
            low, high = edge.late_ratio[1:]
            band = edge.late_band
            near = band[0] >= 0.8 and band[1] <= 1.2
            side = (
                "above 2 / lr on every seed"
                if low > 1
                else "below 2 / lr on every seed"
                if high < 1
                else "around 2 / lr"
            )
            said.append(
                f"It reaches {reach:g} of 2 / lr on every seed by step {max(edge.reached)}, "
                f"then {'stays near' if near else 'leaves'} it: over the last {half} steps it "
                f"is {_spread(edge.late_ratio)} times 2 / lr on average ({side}), every point "
                f"measured (every {every} steps) between {band[0]:.2f} and {band[1]:.2f} times it."
            )
        kept = f"ends at {_spread(edge.loss_kept)} of its starting value"
        if edge.loss_increases[2] == 0:
            said.append(f"The loss falls on every step and {kept}.")
        else:
            rises = _spread(edge.loss_increases, 0)
            said.append(f"The loss rises on {rises} of {steps} steps, yet {kept}.")
    return said


def batch_table(sweep: BatchSweep) -> str:
    """Each batch size's best rate (each seed's own), its loss over the seeds, and whether it
    beat every other rate on every seed, as a Markdown table."""
    rows = []
    for res in sweep.results:
        mean, low, high = res.best
        each = ", ".join(f"{r:g}" for r in res.best_rate_per_seed)
        flags = [f"not beaten on every seed: {', '.join(f'{r:g}' for r in res.tied)}"] * bool(
            res.tied
        )
        flags += ["at grid edge"] * res.at_edge
        rows.append(
            (
                str(res.batch_size),
                str(res.steps),
                f"{res.best_rate:g} ({each})",
                f"{mean:.3f} ({low:.3f}-{high:.3f})",
                "; ".join(flags) or "beat every rate on every seed",
            )
        )
    headers = ("batch", "steps", "best rate (each seed)", "loss there", "flags")
    return table(headers, rows, "markdown", align="rrrrl")


def doublings(sweep: BatchSweep) -> tuple[list[str], list[str], tuple[int, int] | None]:
    """Linear scaling tested pair by pair, seed by seed: batch 2b at rate 2r against batch b at
    its best rate r, and each batch at its own best. Returns the comparisons' sentences, the
    doublings where linear scaling held (2b at 2r not worse, and ahead on some seed), and the
    first doubling that was worse even at the bigger batch's own best rate (the bend), if any.
    Pairs at the grid's edge, and every pair after the bend, are not compared."""
    sentences, held, bend = [], [], None
    for small, big in zip(sweep.results, sweep.results[1:], strict=False):
        b, r = small.batch_size, small.best_rate
        if bend or small.at_edge or big.at_edge:
            continue
        reference = f"batch {b} at {r:g}"
        best = f"batch {2 * b} at its best {big.best_rate:g}"
        arms = {best: big.losses[big.best_rate], reference: small.losses[r]}
        if 2 * r in big.losses and big.best_rate != 2 * r:
            arms = {f"batch {2 * b} at {2 * r:g}": big.losses[2 * r], **arms}
        verdict = compare(arms, reference, higher_is_better=False)
        sentences += [pair.sentence() for pair in verdict.pairs]
        doubled = verdict.pair(next(iter(arms)), reference)
        if 2 * r in big.losses and doubled.verdict != "worse" and doubled.wins:
            held.append(f"{b} to {2 * b}")
        if verdict.pair(best, reference).verdict == "worse":
            bend = (b, 2 * b)
    return sentences, held, bend


def noise_table(runs: Mapping[int, Sequence[NoisePoint]]) -> str:
    """The noise scale at each checkpoint of `noise_scale_during_training`'s runs: the mean
    train loss, and per seed the exact B_simple, the two-batch estimate and B_noise."""
    seeds = list(runs)

    def each(values):
        return ", ".join(f"{v:.0f}" for v in values)

    rows = []
    for k, checkpoint in enumerate(runs[seeds[0]]):
        points = [runs[s][k] for s in seeds]
        loss = sum(p.train_loss for p in points) / len(points)
        rows.append(
            (
                str(checkpoint.examples),
                f"{loss:.2f}",
                each(p.noise.b_simple for p in points),
                each(p.noise.b_simple_estimate for p in points),
                each(p.curved.b_noise for p in points if p.curved),
            )
        )
    headers = ("examples seen", "train loss", "B_simple (exact)", "B_simple (estimate)", "B_noise")
    return table(headers, rows, "markdown", align="rrrrr")


def bend_sentences(
    bend: tuple[int, int] | None, runs: Mapping[int, Sequence[NoisePoint]]
) -> list[str]:
    """Where the bend lies against B_simple and B_noise measured at the start and later (below,
    inside or above their spread over seeds and checkpoints); whether B_simple fell, then rose;
    how close the two-batch estimate came to the exact value."""
    seeds = list(runs)
    first_run = runs[seeds[0]]
    said = []

    def span(values):
        return f"{min(values):.0f}-{max(values):.0f}"

    def against(values):
        if bend[1] < min(values):
            return "below"
        return "above" if bend[0] > max(values) else "inside"

    scales = {"B_simple": lambda p: p.noise.b_simple}
    if all(p.curved for s in seeds for p in runs[s]):
        scales["B_noise"] = lambda p: p.curved.b_noise
    for name, scale in scales.items():
        first = [scale(runs[s][0]) for s in seeds]
        later = [scale(p) for s in seeds for p in runs[s][1:]]
        if bend:
            said.append(
                f"The bend (batch {bend[0]} to {bend[1]}) lies {against(first)} {name} at init "
                f"({span(first)} over the seeds) and {against(later)} its values after "
                f"{first_run[1].examples}-{first_run[-1].examples} examples ({span(later)})."
            )
    fell = sum(runs[s][1].noise.b_simple < runs[s][0].noise.b_simple for s in seeds)
    rose = sum(runs[s][2].noise.b_simple > runs[s][1].noise.b_simple for s in seeds)
    said.append(
        f"B_simple fell from init to the first checkpoint on {fell} of {len(seeds)} seeds, "
        f"then rose to the second on {rose}."
    )
    points = [p for s in seeds for p in runs[s]]
    gap = max(abs(p.noise.b_simple_estimate / p.noise.b_simple - 1) for p in points)
    said.append(
        f"The two-batch estimate came within {gap:.0%} of the exact B_simple at every point."
    )
    return said


def _rate(r: float) -> str:
    return f"1/{round(1 / r)}" if r < 1 else f"{r:g}"


def _grid_steps(n: int) -> str:
    return f"{n} x2 step{'s' * (n != 1)}"


def width_table(
    schemes: Mapping[str, Sequence[Sequence[Cell]]], best: BestOf, style: str = "html"
) -> str:
    """Each scheme's width x rate grid of mean losses (lowest to highest over the seeds), the
    best rate in bold, and each seed's own best and whether every seed chose it (an HTML table,
    or ``style="markdown"``)."""
    rates = [cell.rate for cell in next(iter(schemes.values()))[0]]
    rows = []
    for scheme, grid in schemes.items():
        for row, top in zip(grid, best[scheme], strict=True):
            shown = [f"{c.mean:.3f} ({c.low:.3f}-{c.high:.3f})" for c in row]
            shown[top.index] = f"**{shown[top.index]}**"
            each = ", ".join(_rate(r) for r in top.per_seed)
            flags = ("every seed" if top.clear else "within spread") + (
                ", at grid edge" if top.at_edge else ""
            )
            best_cell = f"{_rate(top.rate)} ({each}; {flags})"
            rows.append((scheme, str(row[0].width), *shown, best_cell))
    headers = ("scheme", "width", *(f"lr {_rate(r)}" for r in rates), "best")
    return table(headers, rows, style, align="lr" + "r" * len(rates) + "l")


def width_sentences(schemes: Mapping[str, Sequence[Sequence[Cell]]], best: BestOf) -> list[str]:
    """Whether the best rate moved with width under each scheme (in x2 grid steps, the mean's
    and each seed's own, and at which widths the seeds did not all agree); whether under muP
    the widest net beat the next narrower one at the transferred rate (the paper's "wider is
    better"); and the widest nets compared, each scheme at its own best rate, seed by seed
    (`lrlab.compare`)."""
    sp, mup = best["SP"], best["muP"]
    base = sp[0].rate
    widths = [b.width for b in sp]
    path = {s: " → ".join(_rate(b.rate) for b in best[s]) for s in best}
    shift = round(math.log2(sp[-1].rate / base))
    moved = "fell" if shift < 0 else "rose" if shift > 0 else "stayed put"
    loose = [str(b.width) for b in sp if not b.clear]
    agreed = (
        "every seed chose it at every width"
        if not loose
        else f"at width {' and '.join(loose)} it did not beat every other rate on every seed"
    )
    said = [
        f"Under SP the rate with the lowest mean loss {moved} with width: {path['SP']} from "
        f"width {widths[0]} to {widths[-1]}; {agreed}.",
        f"At width {widths[-1]}, {sum(r < base for r in sp[-1].per_seed)} of "
        f"{len(sp[-1].per_seed)} seeds' own best rates lay below width {widths[0]}'s "
        f"{_rate(base)}.",
    ]
    steps = [round(math.log2(b.rate / base)) for b in mup]
    seed_steps = [round(math.log2(r / base)) for b in mup for r in b.per_seed]
    if not any(steps):
        where = f"stayed at {_rate(base)} at every width"
    else:
        where = f"moved ({path['muP']}), by at most {_grid_steps(max(map(abs, steps)))}"
    said.append(
        f"Under muP it {where}; each seed's own best lay within "
        f"{_grid_steps(max(map(abs, seed_steps)))} of {_rate(base)} at every width."
    )
    at = next(j for j, cell in enumerate(schemes["muP"][0]) if cell.rate == base)
    wider = {
        f"muP width {widths[-1]}": schemes["muP"][-1][at].losses,
        f"muP width {widths[-2]}": schemes["muP"][-2][at].losses,
    }
    grew = compare(wider, higher_is_better=False).pairs[0]
    paper = "as the paper has it" if grew.verdict == "better" else "not the paper's wider is better"
    said.append(f"At the transferred rate {_rate(base)}: {grew.sentence().rstrip('.')} ({paper}).")
    arms = {
        f"muP at {_rate(mup[-1].rate)}": schemes["muP"][-1][mup[-1].index].losses,
        f"SP at {_rate(sp[-1].rate)}": schemes["SP"][-1][sp[-1].index].losses,
    }
    pair = compare(arms, higher_is_better=False).pairs[0]
    said.append(f"At width {widths[-1]}, each scheme at its own best rate: {pair.sentence()}")
    return said
