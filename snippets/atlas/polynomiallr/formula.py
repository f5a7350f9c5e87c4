from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot \big( 1 - \min(t, \texttt{total_iters})
/ \texttt{total_iters} \big)^{\texttt{power}} $$
"""
    )
)
