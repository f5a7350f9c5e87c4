from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = f_k(t - m_k) $$

Scheduler $k$ is the one whose milestone $m_k$ (with $m_0 = 0$) is the last
one $\le t$, and $f_k$ is its own schedule, counted again from its own
`t = 0` at the milestone.
"""
    )
)
