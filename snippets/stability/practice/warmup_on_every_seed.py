from lrlab.stability import warmup_outcomes

# Adam at lr 0.3 on the digits, 90 steps, with and without a 10-step linear
# warm-up, on seeds 0, 1 and 2 (each its own split, weights and batches).
seeds = (0, 1, 2)
outcomes = warmup_outcomes((0.3,), seeds, steps=90, warmup_steps=10)
adam = outcomes.at("Adam", 0.3).test_loss
warm = outcomes.at("Adam + warm-up", 0.3).test_loss
lower = 0
for seed, a, w in zip(seeds, adam, warm, strict=True):
    print(f"seed {seed}: test loss Adam {a:.3f}, with warm-up {w:.3f}")
    lower += w < a
print(f"lower with warm-up on {lower} of {len(seeds)} seeds")
words = {3: "on every seed", 2: "on two seeds", 1: "on one seed"}
print(words.get(lower, "on no seed"))
