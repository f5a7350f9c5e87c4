from lrlab.mathml import typeset

print(
    typeset(
        r"""
With $s = \texttt{start_factor}$, $e = \texttt{end_factor}$ and
$T = \texttt{total_iters}$:

$$ \mathrm{lr}_t = \mathrm{lr} \cdot \big( s + (e - s) \cdot \min(t, T) / T
\big) $$
"""
    )
)
