import torch

from lrlab.digits import build_mlp, load_data

data = load_data()
print(
    f"train images: {tuple(data.x_train.shape)}, labels: {tuple(data.y_train.shape)}"
)
print(
    f"test images:  {tuple(data.x_test.shape)}, labels: {tuple(data.y_test.shape)}"
)
print(
    f"pixel values: {data.x_train.min():.1f} to {data.x_train.max():.1f} (scaled from 0..16)"
)
counts = torch.bincount(data.y_train, minlength=10).tolist()
print(f"train images per digit 0..9: {counts}")
print()

# The first training image, its 64 pixels back in their 8 x 8 grid (darker = more ink).
shades = " .:-=+*#%@"
image = data.x_train[0].reshape(8, 8)
print(f"train image 0, labelled {data.y_train[0].item()}:")
for row in image:
    print(
        "  " + "".join(shades[min(9, int(v * 10))] * 2 for v in row.tolist())
    )
print()

model = build_mlp()
print(model)
for name, parameter in model.named_parameters():
    print(f"{name:9} {tuple(parameter.shape)}")
print(f"parameters in all: {sum(p.numel() for p in model.parameters())}")
