import torch

S = torch.optim.lr_scheduler


def rates(steps, **args):
    """The rate each of ``steps`` steps trains at, and what stopped the run."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = S.ConstantLR(optimizer, **args)  # the constructor accepts both
    used = []
    for _ in range(steps):
        used.append(f"{optimizer.param_groups[0]['lr']:.4g}")
        optimizer.step()
        try:
            scheduler.step()
        except ZeroDivisionError as error:
            return (
                used,
                f"ZeroDivisionError: {error}, in the step() after step {len(used)}",
            )
    return used, "no error"


for args in (
    {"factor": 0.0, "total_iters": 3},
    {"factor": 0.5, "total_iters": 0},
):
    used, ended = rates(6, **args)
    shown = ", ".join(f"{k}={v}" for k, v in args.items())
    print(f"ConstantLR({shown}), lr=0.1")
    print(f"  rates used: {', '.join(used)}")
    print(f"  {ended}")
