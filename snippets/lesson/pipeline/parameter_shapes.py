from lrlab.pipeline import build_model

model = build_model()
print(model)
print()
for name, param in model.named_parameters():
    print(f"{name:9} shape {tuple(param.shape)!s:9} {param.numel():4d} values")
print(f"total: {sum(p.numel() for p in model.parameters())} parameters")
