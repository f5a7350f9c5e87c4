from lrlab.mathml import typeset

print(
    typeset(
        r"""
With $T = \texttt{total_iters}$:

$$ \mathrm{lr}_t = \mathrm{lr} \cdot \big( 1 - \min(t, T) / T
\big)^{\texttt{power}} $$
"""
    )
)
