from lrlab.atlas import signature

print(signature("CosineAnnealingLR"))
