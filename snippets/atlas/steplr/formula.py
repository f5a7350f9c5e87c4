from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot
\gamma^{\lfloor t / \texttt{step_size} \rfloor} $$
"""
    )
)
