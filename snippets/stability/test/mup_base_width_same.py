from lrlab.digits import load_data
from lrlab.repro import site_seed
from lrlab.stability.width import train_loss

# The digits MLP 64-w-w-10 trained with Adam at lr 0.01 for 32 steps, under
# PyTorch's default parametrization (SP) and under muP with base width 64,
# at width 64 (the base) and 128. One seed; the build runs this again with
# each seed the question names.
seed = site_seed()
data = load_data(seed)
print(f"seed {seed}")
for width in (64, 128):
    sp, mup = (
        train_loss(data, width, 0.01, scheme=s, base_width=64, steps=32)
        for s in ("SP", "muP")
    )
    same = sp == mup  # the final loss and every step's loss
    print(
        f"width {width}: train loss SP {sp[0]:.6f}, muP {mup[0]:.6f};"
        f" same at every step: {same}"
    )
    if width == 64:
        verdict = (
            "identical, bit for bit"
            if same
            else ("muP lower" if mup[0] < sp[0] else "SP lower")
        )
print(verdict)
