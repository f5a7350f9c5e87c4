from lrlab.mathml import typeset

print(
    typeset(
        r"""
With $L = \texttt{step_size_up} + \texttt{step_size_down}$, cycle
$c = \lfloor t / L \rfloor$ and position $p = t - c L$: the height is
$h = p / \texttt{step_size_up}$ going up ($p \le \texttt{step_size_up}$),
else $h = 1 - (p - \texttt{step_size_up}) / \texttt{step_size_down}$, and

$$ \mathrm{lr}_t = \texttt{base_lr} + (\texttt{max_lr} - \texttt{base_lr})
\cdot h \cdot s $$

with the scale $s = 1$ (triangular), $s = 2^{-c}$ (triangular2) or
$s = \gamma^{t}$ (exp_range).
"""
    )
)
