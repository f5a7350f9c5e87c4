import math

from lrlab.digits import build_mlp, load_data
from lrlab.repro import site_seed
from lrlab.stability import gradient_noise_scale

# The digits MLP at initialization: |G|^2 of the full training gradient,
# exactly (from every example's gradient), from a batch of 256 alone, and
# by McCandlish et al.'s two-batch estimate (batches of 8 and 256), each
# over the same 20 draws. One seed; the build runs this again with each
# seed the question names.
seed = site_seed()
model, data = build_mlp(seed), load_data(seed)
noise = gradient_noise_scale(model, data, b_small=8, b_big=256, seed=seed)
# each draw's |G_big|^2, recovered exactly from its two estimates
pairs = zip(noise.g2_draws, noise.trace_draws, strict=True)
big = [g2 + trace / noise.b_big for g2, trace in pairs]
big_mean = sum(big) / len(big)
spread = sum((b - big_mean) ** 2 for b in big) / (len(big) - 1)
big_stderr = math.sqrt(spread / len(big))
print(
    f"seed {seed}: |G|^2 exact {noise.g2:.4f};"
    f" batch 256 alone {big_mean:.4f} +- {big_stderr:.4f};"
    f" two-batch {noise.g2_estimate:.4f} +- {noise.g2_stderr:.4f}"
)
# "on target": within three standard errors of the exact value
big_on = abs(big_mean - noise.g2) <= 3 * big_stderr
two_on = abs(noise.g2_estimate - noise.g2) <= 3 * noise.g2_stderr
if big_on:
    print("both on target" if two_on else "big batch on target, two-batch off")
elif big_mean < noise.g2:
    print("big batch too low")
elif two_on:
    print("big batch too high, two-batch on target")
else:
    high = noise.g2_estimate > noise.g2
    print("both too high" if high else "big batch too high, two-batch low")
