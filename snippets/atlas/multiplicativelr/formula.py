from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot \lambda(1) \cdot \lambda(2) \cdots
\lambda(t), \qquad \text{so } \mathrm{lr}_0 = \mathrm{lr} $$
"""
    )
)
