import math

from lrlab.digits import build_mlp, load_data
from lrlab.stability import gradient_noise_scale

# The digits MLP at initialization: |G|^2 of the full training gradient,
# exactly (from every example's gradient), from a batch of 256 alone, and
# by McCandlish et al.'s two-batch estimate (batches of 8 and 256), each
# over the same 20 draws. Seeds 0, 1 and 2.


def where(mean, stderr, exact):
    """On target: within three standard errors of the exact value."""
    if abs(mean - exact) <= 3 * stderr:
        return "on target"
    return "too high" if mean > exact else "too low"


verdicts = []
for seed in (0, 1, 2):
    model, data = build_mlp(seed), load_data(seed)
    noise = gradient_noise_scale(model, data, b_small=8, b_big=256, seed=seed)
    # each draw's |G_big|^2, recovered exactly from its two estimates
    pairs = zip(noise.g2_draws, noise.trace_draws, strict=True)
    big = [g2 + trace / noise.b_big for g2, trace in pairs]
    big_mean = sum(big) / len(big)
    spread = sum((b - big_mean) ** 2 for b in big) / (len(big) - 1)
    big_stderr = math.sqrt(spread / len(big))
    print(
        f"seed {seed}: |G|^2 {noise.g2:.4f},"
        f" batch 256 {big_mean:.4f} +- {big_stderr:.4f},"
        f" two-batch {noise.g2_estimate:.4f} +- {noise.g2_stderr:.4f}"
    )
    verdicts.append(
        f"big batch {where(big_mean, big_stderr, noise.g2)},"
        f" two-batch {where(noise.g2_estimate, noise.g2_stderr, noise.g2)}"
    )
print(verdicts[0] if len(set(verdicts)) == 1 else "not the same on every seed")
