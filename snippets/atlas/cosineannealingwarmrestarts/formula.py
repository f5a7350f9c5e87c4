from lrlab.mathml import typeset

print(
    typeset(
        r"""
$$ \mathrm{lr}_t = \eta_{\min} + (\mathrm{lr} - \eta_{\min}) \cdot
\frac{1 + \cos(\pi T_{\mathrm{cur}} / T_i)}{2} $$

where $T_i$ is the length of the current cycle ($T_0$, then
$T_0 \cdot T_{\mathrm{mult}}$, $T_0 \cdot T_{\mathrm{mult}}^2$, …) and $T_{\mathrm{cur}}$ the steps
taken since the last restart.
"""
    )
)
