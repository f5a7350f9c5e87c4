from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \eta_{\min} + (\mathrm{lr} - \eta_{\min}) \cdot
\frac{1 + \cos(\pi t / T_{\max})}{2} $$

for every $t$, including $t > T_{\max}$.
"""
    )
)
