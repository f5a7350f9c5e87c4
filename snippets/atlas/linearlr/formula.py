from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot \big( \texttt{start_factor} +
(\texttt{end_factor} - \texttt{start_factor}) \cdot
\min(t, \texttt{total_iters}) / \texttt{total_iters} \big) $$
"""
    )
)
