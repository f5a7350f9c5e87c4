from lrlab.digits import load_data
from lrlab.stability.width import train_loss

# The digits MLP 64-w-w-10 trained with Adam at lr 0.01 for 32 steps, under
# PyTorch's default parametrization (SP) and under muP with base width 64,
# at width 64 (the base) and 128, on seeds 0 and 1.


def trained(data, width, scheme):
    """(final train loss, every step's loss) of one run."""
    return train_loss(
        data, width, 0.01, scheme=scheme, base_width=64, steps=32
    )


verdicts = []
for seed in (0, 1):
    data = load_data(seed)
    for width in (64, 128):
        sp, mup = trained(data, width, "SP"), trained(data, width, "muP")
        same = sp == mup  # the final loss and every step's loss
        print(
            f"seed {seed}, width {width}: train loss SP {sp[0]:.6f},"
            f" muP {mup[0]:.6f}; same at every step: {same}"
        )
        if width == 64 and same:
            verdicts.append("identical, bit for bit")
        elif width == 64:
            verdicts.append("muP lower" if mup[0] < sp[0] else "SP lower")
print(verdicts[0] if len(set(verdicts)) == 1 else "differs from seed to seed")
