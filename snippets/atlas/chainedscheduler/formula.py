from lrlab.mathml import typeset

print(
    typeset(
        r"""
For chainable schedulers, each scheduler's own factor at step $t$,
multiplied:

$$ \mathrm{lr}_t = \mathrm{lr} \cdot \prod_k \frac{f_k(t)}{\mathrm{lr}} $$
"""
    )
)
