from lrlab.stability import build_net, group_factors, param_groups

# muP for Adam, base width 64, the net at width 256, base rate 0.01.
lr, width, base = 0.01, 256, 64
net = build_net(width, "muP", base_width=base, seed=0)
groups = param_groups(net, lr, width, base, "muP")
for group in groups:
    sizes = " + ".join(str(p.numel()) for p in group["params"])
    print(f"{group['name']}: lr {group['lr']:.5g} ({sizes} numbers)")
factors = group_factors(width, base, "muP")
shrunk = [name for name, f in factors.items() if f == base / width]
print(" and ".join(shrunk))
