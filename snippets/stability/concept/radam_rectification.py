from lrlab.stability import rectification

# RAdam (PyTorch's defaults, beta2 = 0.999): while rho_t <= 5 a step is
# plain momentum SGD, lr * m (no division by the gradient's size); after
# that Adam's step is multiplied by the rectification r_t, which starts
# small and creeps towards 1 as the estimate of the gradient's variance
# settles. lr * r_t acts like a built-in warm-up whose length beta2 sets.
lr = 0.3
print(f"{'step':>5}  {'rho_t':>7}  {'r_t':>6}  {'lr x r_t':>9}")
for step in (1, 5, 6, 10, 50, 90, 450, 1000, 5000):
    rho, r = rectification(step)
    if r is None:
        print(f"{step:>5}  {rho:7.3f}  {'-':>6}  {'SGD step':>9}")
    else:
        print(f"{step:>5}  {rho:7.3f}  {r:6.3f}  {lr * r:9.4f}")
half = next(t for t in range(1, 100_000) if (rectification(t)[1] or 0) >= 0.5)
print()
print(f"r_t first reaches 0.5 at step {half}.")
