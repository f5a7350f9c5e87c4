from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot \texttt{factor}
\quad \text{for } t < \texttt{total_iters}, \qquad
\mathrm{lr}_t = \mathrm{lr} \quad \text{after} $$

$$ \text{with } \texttt{total_iters} = 0: \quad \mathrm{lr}_t = \mathrm{lr} \cdot \texttt{factor}
\quad \text{for every } t $$
"""
    )
)
