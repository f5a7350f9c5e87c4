import itertools

from lrlab.pipeline import compare_runs, make_task, run_pipeline
from lrlab.schedules import constant_runs

run = run_pipeline()
fixed = compare_runs(make_task(), lr=0.1, epochs=15, schedule=None)
r = run.records
phases = constant_runs([x.lr_used for x in r])
ends = ", ".join(
    f"{r[p.last - 1].train_loss:.4f} after epoch {p.last} (the last epoch at {p.lr:.4g})"
    for p in phases
)
falls = [
    (r[p.first - 2].train_loss if p.first > 1 else r[0].train_loss)
    - r[p.last - 1].train_loss
    for p in phases
]
shrinking = all(a > b for a, b in itertools.pairwise(falls))
loss_word = "lower" if r[-1].train_loss < fixed[-1].train_loss else "higher"
if r[-1].test_acc == fixed[-1].test_acc:
    acc_said = f"the same final test accuracy ({r[-1].test_acc:.3f})"
else:
    acc_word = "higher" if r[-1].test_acc > fixed[-1].test_acc else "lower"
    accs = f"{r[-1].test_acc:.3f} against {fixed[-1].test_acc:.3f}"
    acc_said = f"a {acc_word} final test accuracy ({accs})"
print(
    f"The train loss went from {r[0].train_loss:.4f} in epoch 1 to {ends}. "
    + (
        "The loss fell less in each later phase: most of the learning happened early, at the "
        "largest rate. "
        if shrinking
        else ""
    )
    + f"Against a fixed 0.1 for the same {len(r)} epochs, the StepLR run ends with a "
    f"{loss_word} train loss ({r[-1].train_loss:.4f} against {fixed[-1].train_loss:.4f}) "
    f"and {acc_said}."
)
