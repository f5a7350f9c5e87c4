from lrlab.mathml import typeset

print(
    typeset(
        r"""
A recurrence over the reported metrics (mode `min`, threshold mode `rel`):
the metric *improves* when it is below
$\mathrm{best} \cdot (1 - \texttt{threshold})$; then $\mathrm{best}$ takes
its value and the bad-step count resets, otherwise the count grows. When the
count exceeds $\texttt{patience}$,

$$ \mathrm{lr} \leftarrow \max(\mathrm{lr} \cdot \texttt{factor},
\texttt{min_lr}) $$

(skipped if the change is below $\texttt{eps}$), the count resets and the
next $\texttt{cooldown}$ reports are ignored. The first report always
improves.
"""
    )
)
