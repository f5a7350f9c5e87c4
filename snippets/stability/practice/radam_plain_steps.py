from lrlab.stability import rectification

# RAdam takes a plain momentum step (lr * m, no division by sqrt(v)) while
# rho_t <= 5: `rectification` returns r_t = None for those steps.
plain, half = {}, {}
for beta2 in (0.99, 0.999):
    steps = [t for t in range(1, 10_001) if rectification(t, beta2)[1] is None]
    plain[beta2] = len(steps)
    half[beta2] = next(
        t
        for t in range(1, 100_000)
        if (rectification(t, beta2)[1] or 0) >= 0.5
    )
    rho_inf = 2 / (1 - beta2) - 1
    print(
        f"beta2 = {beta2}: rho_inf = {rho_inf:g}; plain steps: {steps}; "
        f"rho_t at step 6: {rectification(6, beta2)[0]:.3f}"
    )
print(f"r_t first reaches 0.5 at step {half[0.99]} and {half[0.999]}")
assert half[0.999] > 5 * half[0.99]  # the solution: "far longer"
print(f"{plain[0.99]} and {plain[0.999]}")
