from lrlab.stability import rectification

# RAdam's effective rate lr x r_t at step 50, lr 0.3, for two beta2.
lr, step = 0.3, 50
rate = {}
for beta2 in (0.999, 0.99):
    rho, r = rectification(step, beta2)
    rate[beta2] = None if r is None else lr * r
    if r is None:
        print(f"beta2 {beta2}: rho_t {rho:.2f}, an SGD step")
    else:
        print(
            f"beta2 {beta2}: rho_t {rho:.2f}, r_t {r:.4f}, lr x r_t {lr * r:.4f}"
        )
if None in rate.values():
    print("an SGD step")
elif abs(rate[0.999] - rate[0.99]) < 1e-9:
    print("the same")
else:
    print(f"beta2 = {max(rate, key=rate.get)}")
