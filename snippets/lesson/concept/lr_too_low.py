from lrlab.training import train_y2x

records = train_y2x(lr=1e-5, epochs=5)
for r in records:
    print(f"Epoch {r.epoch}, Loss: {r.loss:.6f}")
