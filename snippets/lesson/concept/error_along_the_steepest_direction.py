from lrlab.training import stability_sentences, steepest_errors

# The y = 2x fit at fixed rates from small to past the stability limit. Along the loss's
# steepest direction each update multiplies the weights' error by (1 - lr x curvature): the
# table prints that error (its sign says which side of the minimum the weights are on) before
# training and after each of 5 updates, and the loss before and after them.
rates = (0.03, 0.05, 0.08, 0.1, 0.11, 0.13)
runs = [steepest_errors(lr, epochs=5) for lr in rates]
curvature = runs[0].curvature
print(
    f"largest curvature {curvature:.3f}: 1 / curvature = {1 / curvature:.4f}, "
    f"2 / curvature = {2 / curvature:.4f}"
)
print()
errors = "".join(f"{f'e{t}':>8}" for t in range(6))
print(
    f"{'lr':<6}{'factor':>8}{errors}{'loss 0 → 5':>18}   what the error does"
)
for run in runs:
    factor = 1 - run.lr * run.curvature
    errors = "".join(f"{e:8.3f}" for e in run.errors)
    loss = f"{run.losses[0]:.3f} → {run.losses[-1]:.3g}"
    print(f"{run.lr:<6}{factor:8.3f}{errors}{loss:>18}   {run.behaviour}")
print()
print("\n".join(f"- {sentence}" for sentence in stability_sentences(runs)))
