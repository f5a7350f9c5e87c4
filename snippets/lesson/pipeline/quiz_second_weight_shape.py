from lrlab.pipeline import build_model

model = build_model()
print(model[2])
print(tuple(model[2].weight.shape))
