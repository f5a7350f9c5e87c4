from lrlab.mathml import typeset

print(
    typeset(
        r"""
With $N = \texttt{total_steps}$, $a = \texttt{pct_start} \cdot N - 1$,
$\mathrm{lr}_{\mathrm{start}} = \texttt{max_lr} / \texttt{div_factor}$ and
$\mathrm{lr}_{\mathrm{end}} = \mathrm{lr}_{\mathrm{start}} / \texttt{final_div_factor}$:

$$ \mathrm{lr}_t = \mathrm{anneal}(\mathrm{lr}_{\mathrm{start}} \to \texttt{max_lr},
\; t / a) \qquad \text{for } t \le a $$

$$ \mathrm{lr}_t = \mathrm{anneal}(\texttt{max_lr} \to \mathrm{lr}_{\mathrm{end}},
\; (t - a) / (N - 1 - a)) \qquad \text{after it} $$

where $\mathrm{anneal}(x \to y, f) = y + (x - y) (1 + \cos \pi f) / 2$, or
$x + (y - x) f$ with `anneal_strategy="linear"`.
"""
    )
)
