from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \mathrm{lr} \cdot \gamma^{n(t)}, \qquad n(t) =
\text{the number of milestones } m \text{ with } m \le t $$
"""
    )
)
